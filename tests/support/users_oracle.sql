-- The checks of `utils users validate` written as plain SQL for the sqlite3 program: the
-- independent computation the tests compare against, and the benchmark's yardstick.
-- The caller attaches the IM and Presence publisher replicas as c1 and c2 first.
-- Output: a '#section' line, then one line per finding, sorted (columns joined by '|').
CREATE TEMP VIEW u AS
  SELECT e.userid AS userid, e.directoryuri AS uri, e.mailid AS mail, p.name AS node
    FROM c1.enduser e JOIN c1.processnode p ON p.pkid = e.primarynodeid
  UNION ALL
  SELECT e.userid, e.directoryuri, e.mailid, p.name
    FROM c2.enduser e JOIN c2.processnode p ON p.pkid = e.primarynodeid;
CREATE TEMP VIEW checked AS
  SELECT userid, uri, node, (
    length(uri) - length(replace(uri, '@', '')) <> 1
    OR substr(uri, 1, 1) = '@' OR substr(uri, -1, 1) = '@'
    OR instr(uri, ' ') OR instr(uri, char(9)) OR instr(uri, char(10))
    OR instr(uri, char(11)) OR instr(uri, char(12)) OR instr(uri, char(13))) AS invalid
  FROM u WHERE uri IS NOT NULL AND uri <> '';
CREATE TEMP TABLE good AS SELECT lower(uri) AS luri, node, userid FROM checked WHERE NOT invalid;

SELECT '#duplicate_userids';
SELECT u.userid, u.node FROM u JOIN (SELECT userid FROM u GROUP BY userid HAVING count(*) > 1) d
  ON d.userid = u.userid ORDER BY u.userid, u.node;
SELECT '#missing_uris';
SELECT node, userid FROM u WHERE uri IS NULL OR uri = '' ORDER BY node, userid;
SELECT '#invalid_uris';
SELECT node, userid, uri FROM checked WHERE invalid ORDER BY node, userid, uri;
SELECT '#duplicate_uris';
SELECT g.luri, g.node, g.userid FROM good g JOIN (SELECT luri FROM good GROUP BY luri HAVING count(*) > 1) d
  ON d.luri = g.luri ORDER BY g.luri, g.node, g.userid;

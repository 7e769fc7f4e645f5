-- The checks of `utils users validate` written as plain SQL for the sqlite3 program: the
-- independent computation the tests compare against, and the benchmark's yardstick.
-- The caller attaches the IM and Presence publisher replicas as c1 and c2 first.
-- Output: a '#section' line, then one line per finding, sorted (columns joined by '|').
CREATE TEMP TABLE u AS
  SELECT e.userid AS userid, e.directoryuri AS uri, e.mailid AS mail, p.name AS node
    FROM c1.enduser e JOIN c1.processnode p ON p.pkid = e.primarynodeid
  UNION ALL
  SELECT e.userid, e.directoryuri, e.mailid, p.name
    FROM c2.enduser e JOIN c2.processnode p ON p.pkid = e.primarynodeid;
CREATE TEMP TABLE checked AS
  SELECT userid, uri, node, (
    length(uri) - length(replace(uri, '@', '')) <> 1
    OR substr(uri, 1, 1) = '@' OR substr(uri, -1, 1) = '@'
    OR instr(uri, ' ') OR instr(uri, char(9)) OR instr(uri, char(10))
    OR instr(uri, char(11)) OR instr(uri, char(12)) OR instr(uri, char(13))) AS invalid
  FROM u WHERE uri IS NOT NULL AND uri <> '';
CREATE TEMP TABLE good AS SELECT lower(uri) AS luri, node, userid FROM checked WHERE NOT invalid;

SELECT '#duplicate_userids';
SELECT userid, node FROM u WHERE userid IN (SELECT userid FROM u GROUP BY userid HAVING count(*) > 1)
  ORDER BY userid, node;
SELECT '#missing_uris';
SELECT node, userid FROM u WHERE uri IS NULL OR uri = '' ORDER BY node, userid;
SELECT '#invalid_uris';
SELECT node, userid, uri FROM checked WHERE invalid ORDER BY node, userid, uri;
SELECT '#duplicate_uris';
SELECT luri, node, userid FROM good WHERE luri IN (SELECT luri FROM good GROUP BY luri HAVING count(*) > 1)
  ORDER BY luri, node, userid;

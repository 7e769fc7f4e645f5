-- The mail ID check (a ucsh extension) for the sqlite3 program; runs after
-- users_oracle.sql, which defines the view u.
CREATE TEMP TABLE mails AS SELECT lower(mail) AS lmail, node, userid FROM u WHERE mail IS NOT NULL AND mail <> '';
SELECT '#duplicate_mailids';
SELECT m.lmail, m.node, m.userid FROM mails m JOIN (SELECT lmail FROM mails GROUP BY lmail HAVING count(*) > 1) d
  ON d.lmail = m.lmail ORDER BY m.lmail, m.node, m.userid;

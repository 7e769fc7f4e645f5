-- The mail ID check (a ucsh extension) for the sqlite3 program; runs after
-- users_oracle.sql, which defines the view u.
CREATE TEMP TABLE mails AS SELECT lower(mail) AS lmail, node, userid FROM u WHERE mail IS NOT NULL AND mail <> '';
SELECT '#duplicate_mailids';
SELECT lmail, node, userid FROM mails WHERE lmail IN (SELECT lmail FROM mails GROUP BY lmail HAVING count(*) > 1)
  ORDER BY lmail, node, userid;

-- placeholder for local testing only
SELECT 1;

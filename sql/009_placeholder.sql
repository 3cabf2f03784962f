-- 009: placeholder (another branch's migration takes this number).
SELECT 1;

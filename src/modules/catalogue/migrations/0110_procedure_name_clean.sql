-- Two national records start with ". " ("· Đăng ký thuế…"): citizens saw the dot in lists and titles.
-- The importer now strips leading punctuation; this cleans rows imported before it.
UPDATE procedures
SET name = regexp_replace(name, '^[[:space:][:punct:]]+', ''), updated_at = now()
WHERE name ~ '^[[:space:][:punct:]]' AND regexp_replace(name, '^[[:space:][:punct:]]+', '') <> '';

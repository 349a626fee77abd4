-- Decision 766 indicator 5.3 (satisfaction in handling PAKN), counted once per item by its final state.
-- Before: (answered − disliked − re-opened − late) / answered, where a re-opened item was subtracted twice (as
-- disliked and as re-opened) and an item the citizen never rated counted as satisfied.
-- Now every handled item sits in exactly one bucket of fb_pakn_rollup, keyed by its RECEIPT day (766: "PAKN first
-- received in the period"), agency and field:
--   late        — any answer (or rejection) given after its deadline (766 subtracts overdue items);
--   unsatisfied — the citizen's final verdict is "not satisfied" (a re-open is such a verdict);
--   satisfied   — the citizen's final verdict is "satisfied";
--   unrated     — no verdict yet ("chưa đánh giá"): never counted as satisfied.
-- A trigger on fb_items moves the item between buckets whenever its state changes, so every code path (answer,
-- reject, verdict, re-open, re-answer, reassignment) keeps the rollup right in the same statement.

-- The citizen's latest verdict on the item (fb_items.satisfied is the verdict on the CURRENT answer and is reset
-- when a re-opened item is answered again; final_verdict keeps the re-open's "not satisfied" until a new verdict).
ALTER TABLE fb_items ADD COLUMN final_verdict text CHECK (final_verdict IN ('satisfied', 'unsatisfied'));
-- Set once any answer of the item was late (a re-opened item answered on time the second time stays late).
ALTER TABLE fb_items ADD COLUMN late_once boolean NOT NULL DEFAULT false;

UPDATE fb_items SET
  final_verdict = CASE WHEN satisfied THEN 'satisfied' WHEN satisfied = false OR reopened > 0 THEN 'unsatisfied' END,
  late_once = coalesce(answered_on_time = false, false);

CREATE TABLE fb_pakn_rollup (
  day     date NOT NULL,
  org_id  uuid NOT NULL,
  field   text NOT NULL DEFAULT '',
  bucket  text NOT NULL CHECK (bucket IN ('satisfied', 'unsatisfied', 'late', 'unrated')),
  n       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_id, field, bucket)
);

-- Praise (khen-ngoi) is not a PAKN; an item not yet answered or rejected has no outcome yet.
CREATE FUNCTION fb_pakn_bucket(kind text, answered_day date, late_once boolean, verdict text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF kind = 'khen-ngoi' OR answered_day IS NULL THEN RETURN NULL; END IF;
  IF late_once THEN RETURN 'late'; END IF;
  IF verdict = 'unsatisfied' THEN RETURN 'unsatisfied'; END IF;
  IF verdict = 'satisfied' THEN RETURN 'satisfied'; END IF;
  RETURN 'unrated';
END $$;

CREATE FUNCTION fb_pakn_move(d date, o uuid, f text, b text, delta integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fb_pakn_rollup (day, org_id, field, bucket, n) VALUES (d, o, coalesce(f, ''), b, delta)
    ON CONFLICT (day, org_id, field, bucket) DO UPDATE SET n = fb_pakn_rollup.n + EXCLUDED.n;
END $$;

CREATE FUNCTION fb_items_pakn() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_b text;
  new_b text;
BEGIN
  NEW.late_once := NEW.late_once OR coalesce(NEW.answered_on_time = false, false);
  IF TG_OP = 'UPDATE' THEN
    NEW.late_once := NEW.late_once OR OLD.late_once;
    old_b := fb_pakn_bucket(OLD.kind, OLD.answered_day, OLD.late_once, OLD.final_verdict);
  END IF;
  new_b := fb_pakn_bucket(NEW.kind, NEW.answered_day, NEW.late_once, NEW.final_verdict);
  IF TG_OP = 'UPDATE' AND (old_b IS NOT DISTINCT FROM new_b) AND OLD.received_day = NEW.received_day
     AND OLD.org_id = NEW.org_id AND coalesce(OLD.field, '') = coalesce(NEW.field, '') THEN
    RETURN NEW;
  END IF;
  IF old_b IS NOT NULL THEN PERFORM fb_pakn_move(OLD.received_day, OLD.org_id, OLD.field, old_b, -1); END IF;
  IF new_b IS NOT NULL THEN PERFORM fb_pakn_move(NEW.received_day, NEW.org_id, NEW.field, new_b, 1); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fb_items_pakn BEFORE INSERT OR UPDATE ON fb_items FOR EACH ROW EXECUTE FUNCTION fb_items_pakn();

-- Backfill from the items already stored.
INSERT INTO fb_pakn_rollup (day, org_id, field, bucket, n)
SELECT received_day, org_id, coalesce(field, ''), b, count(*)
FROM (SELECT received_day, org_id, field, fb_pakn_bucket(kind, answered_day, late_once, final_verdict) AS b FROM fb_items) x
WHERE b IS NOT NULL
GROUP BY received_day, org_id, coalesce(field, ''), b;

-- Every accepted item is acknowledged publicly and counted in the daily rollup by the database itself, in the
-- statement that inserts it: nothing can be accepted without its acknowledgement, and intake is one round trip.
CREATE FUNCTION fb_items_acknowledge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fb_events (item_id, kind, public, note, actor_label) VALUES (NEW.id, 'received', true, NEW.channel, 'system');
  IF cardinality(NEW.coordinating_org_ids) > 0 THEN
    INSERT INTO fb_events (item_id, kind, public, note, actor_label) VALUES (NEW.id, 'routed', false, array_to_string(NEW.coordinating_org_ids, ','), 'system');
  END IF;
  INSERT INTO fb_item_rollup (day, org_id, received, acknowledged) VALUES (NEW.received_day, NEW.org_id, 1, 1)
    ON CONFLICT (day, org_id) DO UPDATE SET received = fb_item_rollup.received + 1, acknowledged = fb_item_rollup.acknowledged + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER fb_items_acknowledge AFTER INSERT ON fb_items FOR EACH ROW EXECUTE FUNCTION fb_items_acknowledge();

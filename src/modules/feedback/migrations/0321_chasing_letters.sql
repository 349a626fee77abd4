-- Register of chasing letters (văn bản đôn đốc) the Centre issues: NĐ 30/2020 numbers documents from 01 each year,
-- in the order they are issued. One letter per agency and day: downloading it again the same day gives the same
-- number instead of using up a new one.
CREATE TABLE fb_chasing_letters (
  year       integer NOT NULL,
  number     integer NOT NULL,
  org_id     uuid NOT NULL,
  day        date NOT NULL,
  items      integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (year, number),
  UNIQUE (org_id, day)
);

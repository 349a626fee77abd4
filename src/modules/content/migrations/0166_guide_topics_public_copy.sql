-- 0165 moved sample guides to the new topic taxonomy in the working copy (`data`, `topic`) but not in the public
-- copy (`published_data`), which the public pages read. A topic is navigation, not reviewed content: bring the
-- public copy of those guides in line with their working copy.
UPDATE content_guides
SET published_data = jsonb_set(published_data, '{topic}', to_jsonb(topic))
WHERE is_sample AND published_data IS NOT NULL AND published_data ->> 'topic' IN ('dvc-loi-ich', 'chinh-sach')
  AND topic IN ('ho-tich', 'cu-tru-giay-to', 'dat-dai-xay-dung', 'kinh-doanh', 'giao-thong', 'lao-dong-bao-hiem', 'y-te-giao-duc');

-- The dossier (hồ sơ TTHC) an item is about: Open311's declared attribute `ma_ho_so`, shown to the handler.
ALTER TABLE fb_items ADD COLUMN dossier_code text;
ALTER TABLE fb_items ADD CONSTRAINT fb_items_dossier_code_len CHECK (dossier_code IS NULL OR length(dossier_code) <= 60);

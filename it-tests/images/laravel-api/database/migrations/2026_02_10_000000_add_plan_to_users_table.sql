-- Expand only: the 1.4.0 pods keep working while 1.5.0 rolls out.
ALTER TABLE users ADD COLUMN plan VARCHAR(32) NOT NULL DEFAULT 'free';

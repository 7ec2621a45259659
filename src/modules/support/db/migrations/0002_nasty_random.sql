-- The help centre's typo-tolerant search needs trigram similarity; created before its tables so
-- the gin_trgm_ops index can be built. IF NOT EXISTS: search creates it too (one database or one
-- per service). pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

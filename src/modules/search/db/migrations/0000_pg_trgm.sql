-- Search needs trigram similarity (typo tolerance). Created before the search tables so their
-- gin_trgm_ops index can be built; IF NOT EXISTS because other modules may want it too.
-- pg_trgm is a trusted extension: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

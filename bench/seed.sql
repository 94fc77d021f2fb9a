-- Seed data for the benchmark, on the project's own schema (made by Liquibase when the
-- server starts; this file never creates or alters tables).
-- :users users (psql -v users=N; default 100,000), named user000001..., with ids 1..N
-- (ids from 1,000,000 up keep all their digits, user1000000: lpad alone would cut them
-- to six and repeat user100000),
-- and a 100-character profile for the 70% whose id % 10 < 7: the same rows as the peer
-- harness's seed.sql, so both servers read the same data.
-- Re-runnable: it empties the tables first, so it also reseeds after the delete workload.
\set ON_ERROR_STOP on
\if :{?users}
\else
  \set users 100000
\endif
SET client_min_messages = warning;
-- login_throttle too: a reseed leaves no state from an earlier run behind.
TRUNCATE site_user, profile, login_throttle RESTART IDENTITY;

-- role and token_version keep their defaults ('USER', 0): the benchmark's tokens carry
-- ver=0. The hash is a real bcrypt hash (cost 10) of "benchmark-password", so logIn
-- works for every seeded user; the server still verifies bcrypt hashes.
INSERT INTO site_user (id, username, email, password_hash)
SELECT i,
       'user' || lpad(i::text, greatest(6, length(i::text)), '0'),
       'user' || lpad(i::text, greatest(6, length(i::text)), '0') || '@example.com',
       '$2a$10$ddkposUa22yopBHKCcav6./KoE0oNaLCGncZzqk3PQFspTMytXeQC'
FROM generate_series(1, :users) AS i;
-- keep the identity ahead of the explicit ids, so signUp still works afterwards
SELECT setval(pg_get_serial_sequence('site_user', 'id'), :users) AS _ \gset

INSERT INTO profile (site_user_id, description)
SELECT i, rpad('Profile of user' || lpad(i::text, greatest(6, length(i::text)), '0') || '. ', 100,
                'lorem ipsum dolor sit amet ')
FROM generate_series(1, :users) AS i
WHERE i % 10 < 7;

ANALYZE site_user;
ANALYZE profile;
ANALYZE login_throttle;

#!/usr/bin/env bash
# Loads 1,000,000 posts (10,000 users with 100 each), 50,000 more by one user, ~333,000 votes into a scratch database built
# with the service's own Flyway migrations, then shows the plans PostgreSQL picks for
# the statements the listing endpoints run (the SQL Hibernate generates, verbatim).
#
#   bench/explain-at-scale.sh            # against 127.0.0.1:5432 as postgres
#   PGHOST=... PGUSER=... PGPASSWORD=... EXPLAIN_DB=... bench/explain-at-scale.sh
#
# It drops and recreates the database $EXPLAIN_DB (default posts_explain).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${EXPLAIN_DB:-posts_explain}
ROWS=${EXPLAIN_ROWS:-1000000}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
psql_db() { psql -X -v ON_ERROR_STOP=1 -q -d "$1" "${@:2}"; }

echo "== fresh database $DB with the service's migrations"
psql_db postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
for migration in $(ls src/main/resources/db/migration/V*.sql | sort -t_ -k1.2 -V); do
  psql_db "$DB" -f "$migration"
done

echo "== loading $ROWS posts"
time psql_db "$DB" <<SQL
INSERT INTO users (user_id, email, password)
  SELECT 'user' || n, 'user' || n || '@example.com', 'x' FROM generate_series(1, 10000) n;
INSERT INTO posts (post_data, user_id, created_at)
  SELECT 'post number ' || n || ' about ' || md5(n::text), 'user' || (n % 10000 + 1),
         now() - (n || ' seconds')::interval
  FROM generate_series(1, $ROWS) n;
INSERT INTO votes (user_id, post_id)
  SELECT 'user' || (n % 10000 + 1), post_id FROM posts, LATERAL (SELECT post_id AS n) x WHERE post_id % 3 = 0;
INSERT INTO users (user_id, email, password) VALUES ('prolific', 'prolific@example.com', 'x');
INSERT INTO posts (post_data, user_id, created_at)
  SELECT 'prolific post ' || n, 'prolific', now() - (n || ' minutes')::interval FROM generate_series(1, 50000) n;
ANALYZE;
SQL

# the listing statement as Hibernate generates it: the page is cut first, then its votes counted
page() { # $1: where clause or empty, $2: offset
  echo "select page1_0.postId,page1_0.postData,page1_0.userId,page1_0.createdAt,(select count(*) from votes v1_0 where v1_0.post_id=page1_0.postId) from (select p1_0.post_id,p1_0.post_data,p1_0.user_id,p1_0.created_at from posts p1_0 $1 order by p1_0.created_at desc,p1_0.post_id desc offset $2 rows fetch first 100 rows only) page1_0(postId,postData,userId,createdAt) order by page1_0.createdAt desc,page1_0.postId desc"
}

explain() {
  echo
  echo "== $1"
  psql_db "$DB" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $2"
}

explain "GET /posts/all, first page of 100, a user with 100 posts" "$(page "where p1_0.user_id='user42'" 0)"
explain "GET /posts/all, first page of 100, a user with 50,000 posts" "$(page "where p1_0.user_id='prolific'" 0)"
explain "GET /posts/feed, first page of 100" "$(page "" 0)"
explain "GET /posts/{id}, one post with its count" \
  "select p1_0.post_id,p1_0.post_data,p1_0.user_id,p1_0.created_at,(select count(*) from votes v1_0 where v1_0.post_id=p1_0.post_id) from posts p1_0 where p1_0.post_id=500001 and p1_0.user_id='user2'"
explain "GET /posts/feed?offset=500000 (deep offset: walks the skipped index entries)" "$(page "" 500000)"
explain "GET /posts/feed?search=zzzz (a rare match: filters rows in index order until a page is full)" \
  "$(page "where lower(p1_0.post_data) like '%zzzz%' escape '\\'" 0)"

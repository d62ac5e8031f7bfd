#!/usr/bin/env bash
# Loads 1,000,000 posts (10,000 users with 100 each), 50,000 more by one user, ~333,000
# votes into a scratch database built with the service's own Flyway migrations, then shows
# the plans PostgreSQL picks for the statements the post endpoints run: the SQL of
# src/main/java/dev/postsapi/post/PostQueries.java (copied below: keep the two alike),
# prepared with its bind parameters as JDBC sends them and executed with each case's values.
#
#   bench/explain-at-scale.sh            # against 127.0.0.1:5432 as postgres
#   PGHOST=... PGUSER=... PGPASSWORD=... EXPLAIN_DB=... bench/explain-at-scale.sh
#   EXPLAIN_ROWS=10000 bench/explain-at-scale.sh    # a quick check of the statements
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
VACUUM ANALYZE; -- as autovacuum would: hint bits set, the visibility map made
SQL

# PostQueries.PAGE: the page is cut first, then its votes counted and its text measured;
# WHERE stands for its where clause ("user_id = :userId and" or nothing, then MATCHES),
# :name for the parameters JDBC binds
LIST="select p.post_id, p.user_id, p.created_at, octet_length(p.post_data) as bytes,
  case when coalesce(sum(octet_length(p.post_data)) over (order by p.created_at desc, p.post_id desc
    rows between unbounded preceding and 1 preceding), 0) < :textPerStatement then p.post_data end as post_data,
  (select count(*) from votes v where v.post_id = p.post_id) as votes
from (select post_id, post_data, user_id, created_at from posts
  where WHERE
  order by created_at desc, post_id desc offset :offset limit :limit) p
order by p.created_at desc, p.post_id desc"
# PostQueries.MATCHES
MATCHES="(:pattern = '' or lower(post_data) like lower(:pattern) escape '\\')"
# PostQueries.findOwned
OWNED="select p.*, (select count(*) from votes v where v.post_id = p.post_id) as votes
from posts p where p.post_id = :postId and p.user_id = :userId"

# explain TITLE STATEMENT NAME=VALUE...: the statement prepared with a \$n and the type JDBC
# sends for each named parameter (int for numbers, varchar for text), executed with the values
explain() {
  local title=$1 sql=$2 types=() values=() n=0 name value
  shift 2
  for pair in "$@"; do
    name=${pair%%=*} value=${pair#*=} n=$((n + 1))
    sql=${sql//:$name/\$$n}
    if [[ $value =~ ^[0-9]+$ ]]; then types+=(int) values+=("$value"); else types+=(varchar) values+=("'$value'"); fi
  done
  echo
  echo "== $title"
  psql_db "$DB" -c "PREPARE q($(IFS=,; echo "${types[*]}")) AS $sql" \
    -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE q($(IFS=,; echo "${values[*]}"))"
}
where() { echo "${LIST/WHERE/$1 $MATCHES}"; }
DEEP=$((ROWS / 2))
ONE=$((ROWS / 2 + 1))
explain "GET /posts/all, first page of 100, a user with 100 posts" \
  "$(where "user_id = :userId and")" userId=user42 pattern= offset=0 limit=100 textPerStatement=32768
explain "GET /posts/all, first page of 100, a user with 50,000 posts" \
  "$(where "user_id = :userId and")" userId=prolific pattern= offset=0 limit=100 textPerStatement=32768
explain "GET /posts/feed, first page of 100" "$(where "")" pattern= offset=0 limit=100 textPerStatement=32768
explain "GET /posts/{id}, one post with its count" "$OWNED" postId=$ONE userId=user$((ONE % 10000 + 1))
explain "GET /posts/feed?offset=$DEEP (deep offset: walks the skipped index entries)" \
  "$(where "")" pattern= offset=$DEEP limit=100 textPerStatement=32768
explain "GET /posts/feed?search=zzzz (a rare match: filters rows in index order until a page is full)" \
  "$(where "")" pattern=%zzzz% offset=0 limit=100 textPerStatement=32768

#!/usr/bin/env bash
# A MariaDB primary and a replica following it, as two extra mariadbd processes with data
# directories and ports of their own (never the machine's main server), for the replication
# tests and the soak benchmark.
#
#   test/replication/cluster.sh start   # prints PRIMARY_URL=... and REPLICA_URL=...
#   test/replication/cluster.sh stop
#   test/replication/cluster.sh status
#   test/replication/cluster.sh stop-node primary|replica   # then `start` brings it back
#
# KACMAC_CLUSTER_DIR (default /tmp/kacmac-replication), KACMAC_PRIMARY_PORT (3407) and
# KACMAC_REPLICA_PORT (3408) choose where; two clusters need two of each.
set -euo pipefail

dir=${KACMAC_CLUSTER_DIR:-/tmp/kacmac-replication}
primary_port=${KACMAC_PRIMARY_PORT:-3407}
replica_port=${KACMAC_REPLICA_PORT:-3408}
mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)

# The replication user and the application's read-only replica user exist only here.
repl_password=repl-test-only
reader_password=reader-test-only

sql() { # sql NODE STATEMENT...: runs as root through the node's socket
  local node=$1
  shift
  mariadb --no-defaults --user=root --socket="$dir/$node/mysqld.sock" --batch --skip-column-names -e "$*"
}

up() { mariadb-admin --no-defaults --user=root --socket="$dir/$1/mysqld.sock" ping >/dev/null 2>&1; }

start_node() { # start_node NAME PORT SERVER_ID EXTRA_OPTIONS...
  local node=$1 port=$2 server_id=$3
  shift 3
  local data="$dir/$node"
  if [ ! -d "$data/mysql" ]; then
    mkdir -p "$data"
    mariadb-install-db --no-defaults --user=root --datadir="$data/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$data/install.log" 2>&1
    mkdir -p "$data/mysql"
  fi
  if up "$node"; then return 0; fi
  "$mariadbd" --no-defaults --user=root --datadir="$data/data" --port="$port" \
    --bind-address=127.0.0.1 --socket="$data/mysqld.sock" --pid-file="$data/mysqld.pid" \
    --log-error="$data/error.log" --server-id="$server_id" --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=48M --max-connections=200 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "$@" \
    >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    up "$node" && return 0
    sleep 0.25
  done
  echo "mariadbd $node did not start; see $data/error.log" >&2
  tail -n 20 "$data/error.log" >&2 || true
  return 1
}

# Users made on each node alone (sql_log_bin=0), so replication never replays them.
local_users() { # local_users NODE
  sql "$1" "SET sql_log_bin = 0;
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
    GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
    CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY '$repl_password';
    GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'127.0.0.1';
    CREATE USER IF NOT EXISTS 'kacmac_reader'@'127.0.0.1' IDENTIFIED BY '$reader_password';
    GRANT SELECT, REPLICATION CLIENT ON *.* TO 'kacmac_reader'@'127.0.0.1';
    FLUSH PRIVILEGES;"
}

start() {
  mkdir -p "$dir"
  start_node primary "$primary_port" 1 --log-bin=mysql-bin --binlog-format=ROW \
    --gtid-strict-mode=ON --log-slave-updates=ON
  local_users primary
  start_node replica "$replica_port" 2 --log-bin=mysql-bin --binlog-format=ROW \
    --gtid-strict-mode=ON --read-only=ON --relay-log=relay-bin
  local_users replica
  if [ -z "$(sql replica "SHOW SLAVE STATUS")" ]; then
    sql replica "SET GLOBAL gtid_slave_pos = '';
      CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = $primary_port,
        MASTER_USER = 'repl', MASTER_PASSWORD = '$repl_password', MASTER_USE_GTID = slave_pos,
        MASTER_CONNECT_RETRY = 1;
      START SLAVE;"
  fi
  echo "PRIMARY_URL=mysql://root@127.0.0.1:$primary_port"
  echo "REPLICA_URL=mysql://root@127.0.0.1:$replica_port"
  echo "REPLICA_READER_URL=mysql://kacmac_reader:$reader_password@127.0.0.1:$replica_port"
}

stop_node() { # stop_node NAME: a clean shutdown of one node, its data kept
  local node=$1
  if [ -f "$dir/$node/mysqld.pid" ]; then
    local pid
    pid=$(cat "$dir/$node/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

stop() {
  for node in replica primary; do
    if [ -f "$dir/$node/mysqld.pid" ]; then
      local pid
      pid=$(cat "$dir/$node/mysqld.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$dir"
}

status() {
  for node in primary replica; do
    if up "$node"; then echo "$node: up"; else echo "$node: down"; fi
  done
  if up replica; then
    mariadb --no-defaults --user=root --socket="$dir/replica/mysqld.sock" -e 'SHOW SLAVE STATUS\G' |
      grep -E 'Slave_(IO|SQL)_Running:|Seconds_Behind|Gtid_IO_Pos|Last_(IO|SQL)_Error:' || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop-node) stop_node "$2" ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status|stop-node NAME" >&2
    exit 2
    ;;
esac

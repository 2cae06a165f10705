#!/usr/bin/env bash
#
# Runs OpenSearch 3.5.0 with the k-NN plugin 3.5.0.0 on 127.0.0.1, from the Maven Central zips, without Docker.
# Used by the integration tests of colbert-opensearch-store and by hand (for example to evaluate with
# colbert.store.type=opensearch).
#
#   opensearch-node.sh fetch                   resolve both zips through Maven (cached in the local repository)
#   opensearch-node.sh install                 unpack the distribution and install the k-NN plugin, and the ColBERT
#                                              plugin when COLBERT_OPENSEARCH_PLUGIN_ZIP is set (once, cached)
#   opensearch-node.sh start NODE_DIR [opts]   configure and start one node, wait until it is healthy
#   opensearch-node.sh stop NODE_DIR [--kill] [--purge]
#   opensearch-node.sh status NODE_DIR
#   opensearch-node.sh cleanup                 stop nodes whose owner process is gone and delete their folders
#   opensearch-node.sh nodes-dir               print the folder where node folders belong (created if missing)
#
# start options:
#   --name NAME                    node name (default: the folder's name)
#   --cluster NAME                 cluster name (default: colbert-<folder name>)
#   --http-port PORT|FROM-TO       default 19200-19299: the first free port is used (read back from the ports file)
#   --transport-port PORT|FROM-TO  default 19300-19399
#   --seed-hosts H:P,...           join a cluster through these transport addresses (multi-node discovery)
#   --initial-cluster-managers N,...  bootstrap a new multi-node cluster with these cluster-manager-eligible nodes
#   --roles R,...                  node roles (default: every role)
#   --heap SIZE                    JVM heap, -Xms and -Xmx (default 512m)
#   --wait-for-nodes N             wait until the cluster has N nodes (default 1)
#   --java-opts "OPTIONS"          extra JVM options of the node (OPENSEARCH_JAVA_OPTS), e.g. "-XX:TieredStopAtLevel=1"
#                                  to spend less CPU starting short-lived test nodes
#   --timeout SECONDS              how long to wait for health (default 600; a node that dies fails at once)
#   --owner-pid PID                the process that owns the node; `cleanup` stops nodes whose owner is gone
#
# On success `start` prints key=value lines: http, transport, pid, dir, log. On failure it prints the tail of the
# node's log, stops the node and exits non-zero.
#
# Environment:
#   OPENSEARCH_JAVA_HOME          Java 21+ for OpenSearch (default /usr/lib/jvm/temurin-25-jdk-amd64, else JAVA_HOME)
#   COLBERT_OPENSEARCH_WORK       folder for the installation and the nodes (default /var/tmp/colbert-opensearch
#                                 for root, ~/.cache/colbert-opensearch otherwise); every node user must be able to
#                                 traverse it
#   COLBERT_OPENSEARCH_USER       the system user nodes run as when this script runs as root (OpenSearch refuses
#                                 root); created if missing (default colbert-opensearch)
#   OPENSEARCH_DISTRIBUTION_ZIP   path of opensearch-3.5.0.zip (skips the Maven look-up)
#   OPENSEARCH_KNN_ZIP            path of opensearch-knn-3.5.0.0.zip (skips the Maven look-up)
#   COLBERT_OPENSEARCH_PLUGIN_ZIP path of colbert-opensearch-plugin-VERSION.zip (built by the module of that name):
#                                 when set, the installation also holds the ColBERT plugin, which rescores PLAID
#                                 candidates on the shards; each plugin build gets its own installation folder
#   MAVEN_REPO_LOCAL              the local Maven repository (default ~/.m2/repository)

set -euo pipefail

readonly OPENSEARCH_VERSION=3.5.0
readonly KNN_VERSION=3.5.0.0
readonly DISTRIBUTION_ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip"
readonly KNN_ARTIFACT="org.opensearch.plugin:opensearch-knn:${KNN_VERSION}:zip"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
REPO_ROOT="$(cd "${SCRIPT_DIR}/../.." && pwd)"
readonly REPO_ROOT

log() {
	echo "opensearch-node: $*" >&2
}

fail() {
	echo "opensearch-node: error: $*" >&2
	exit 1
}

is_root() {
	[ "$(id -u)" = "0" ]
}

work_dir() {
	if [ -n "${COLBERT_OPENSEARCH_WORK:-}" ]; then
		echo "${COLBERT_OPENSEARCH_WORK}"
	elif is_root; then
		echo "/var/tmp/colbert-opensearch"
	else
		echo "${XDG_CACHE_HOME:-${HOME}/.cache}/colbert-opensearch"
	fi
}

node_user() {
	if is_root; then
		echo "${COLBERT_OPENSEARCH_USER:-colbert-opensearch}"
	else
		id -un
	fi
}

java_major_version() {
	local version
	version="$("$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
	version="${version#1.}"
	echo "${version%%[.+-]*}"
}

opensearch_java_home() {
	local candidate
	for candidate in "${OPENSEARCH_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
		if [ -n "${candidate}" ] && [ -x "${candidate}/bin/java" ]; then
			if [ "$(java_major_version "${candidate}")" -ge 21 ]; then
				echo "${candidate}"
				return
			fi
			log "skipping ${candidate}: OpenSearch ${OPENSEARCH_VERSION} needs Java 21 or later"
		fi
	done
	fail "no Java 21+ found: set OPENSEARCH_JAVA_HOME to a JDK 21 or later"
}

# Prints the path of an artifact in the local repository, resolving it through Maven when it is missing.
resolve_artifact() {
	local coordinates="$1" override="$2"
	if [ -n "${override}" ]; then
		[ -f "${override}" ] || fail "${override} does not exist"
		echo "${override}"
		return
	fi
	local group artifact version type repo path
	IFS=: read -r group artifact version type <<<"${coordinates}"
	repo="${MAVEN_REPO_LOCAL:-${HOME}/.m2/repository}"
	path="${repo}/${group//.//}/${artifact}/${version}/${artifact}-${version}.${type}"
	if [ ! -f "${path}" ]; then
		log "resolving ${coordinates} through Maven"
		local mvn="${REPO_ROOT}/mvnw"
		[ -x "${mvn}" ] || mvn="$(command -v mvn || true)"
		[ -n "${mvn}" ] || fail "neither ${REPO_ROOT}/mvnw nor mvn is available to fetch ${coordinates}"
		local repo_option=()
		[ -n "${MAVEN_REPO_LOCAL:-}" ] && repo_option=("-Dmaven.repo.local=${MAVEN_REPO_LOCAL}")
		(cd "${REPO_ROOT}" && "${mvn}" -q -B "${repo_option[@]}" dependency:get -Dtransitive=false \
			"-Dartifact=${coordinates}" >&2) || fail "Maven could not resolve ${coordinates}"
		[ -f "${path}" ] || fail "Maven resolved ${coordinates} but ${path} is missing"
	fi
	echo "${path}"
}

distribution_zip() {
	resolve_artifact "${DISTRIBUTION_ARTIFACT}" "${OPENSEARCH_DISTRIBUTION_ZIP:-}"
}

knn_zip() {
	resolve_artifact "${KNN_ARTIFACT}" "${OPENSEARCH_KNN_ZIP:-}"
}

cmd_fetch() {
	echo "distribution=$(distribution_zip)"
	echo "knn=$(knn_zip)"
}

unpack() {
	local zip="$1" target="$2"
	if command -v unzip >/dev/null 2>&1; then
		unzip -q "${zip}" -d "${target}"
	else
		(cd "${target}" && "$(opensearch_java_home)/bin/jar" xf "${zip}")
		chmod -R a+x "${target}"/*/bin
	fi
}

# Installs the distribution with the k-NN plugin (and the ColBERT plugin, when given) under the work folder once;
# prints its path.
cmd_install() {
	local distribution knn work dist marker expected colbert colbert_sum=""
	distribution="$(distribution_zip)"
	knn="$(knn_zip)"
	colbert="${COLBERT_OPENSEARCH_PLUGIN_ZIP:-}"
	work="$(work_dir)"
	dist="${work}/dist/opensearch-${OPENSEARCH_VERSION}-knn-${KNN_VERSION}"
	if [ -n "${colbert}" ]; then
		[ -f "${colbert}" ] || fail "COLBERT_OPENSEARCH_PLUGIN_ZIP=${colbert} does not exist: build colbert-opensearch-plugin"
		colbert="$(cd "$(dirname "${colbert}")" && pwd)/$(basename "${colbert}")"
		colbert_sum="$(sha256sum "${colbert}" | cut -c1-16)"
		dist="${dist}-colbert-${colbert_sum}"
	fi
	marker="${dist}/.colbert-installed"
	expected="$(stat -c '%s' "${distribution}") $(stat -c '%s' "${knn}") ${colbert_sum}"
	mkdir -p "${work}/dist"
	chmod 755 "${work}" "${work}/dist"
	(
		flock -w 600 9 || fail "timed out waiting for another installation in ${work}/dist"
		if [ -f "${marker}" ] && [ "$(cat "${marker}")" = "${expected}" ]; then
			exit 0
		fi
		log "installing OpenSearch ${OPENSEARCH_VERSION} with k-NN ${KNN_VERSION}${colbert:+ and ${colbert}} into ${dist}"
		local tmp java_home
		java_home="$(opensearch_java_home)"
		tmp="$(mktemp -d "${work}/dist/.install-XXXXXX")"
		unpack "${distribution}" "${tmp}"
		[ -x "${tmp}/opensearch-${OPENSEARCH_VERSION}/bin/opensearch" ] \
			|| fail "${distribution} does not contain opensearch-${OPENSEARCH_VERSION}/bin/opensearch"
		OPENSEARCH_JAVA_HOME="${java_home}" "${tmp}/opensearch-${OPENSEARCH_VERSION}/bin/opensearch-plugin" \
			install --batch "file://${knn}" >"${tmp}/plugin-install.log" 2>&1 \
			|| { cat "${tmp}/plugin-install.log" >&2; fail "installing the k-NN plugin from ${knn} failed"; }
		if [ -n "${colbert}" ]; then
			OPENSEARCH_JAVA_HOME="${java_home}" "${tmp}/opensearch-${OPENSEARCH_VERSION}/bin/opensearch-plugin" \
				install --batch "file://${colbert}" >"${tmp}/colbert-plugin-install.log" 2>&1 \
				|| { cat "${tmp}/colbert-plugin-install.log" >&2; fail "installing the ColBERT plugin from ${colbert} failed"; }
		fi
		chmod -R a+rX "${tmp}"
		rm -rf "${dist}"
		if [ -n "${colbert}" ]; then
			# earlier builds of the plugin: one installation each, about 500 MB; keep the newest only
			find "${work}/dist" -maxdepth 1 -name "opensearch-${OPENSEARCH_VERSION}-knn-${KNN_VERSION}-colbert-*" \
				-exec rm -rf {} +
		fi
		mv "${tmp}/opensearch-${OPENSEARCH_VERSION}" "${dist}"
		echo "${expected}" >"${marker}"
		rm -rf "${tmp}"
	) 9>"${work}/dist/.install.lock"
	[ -f "${marker}" ] || fail "installation into ${dist} did not complete"
	echo "${dist}"
}

ensure_node_user() {
	is_root || return 0
	local user
	user="$(node_user)"
	if ! id "${user}" >/dev/null 2>&1; then
		log "creating system user ${user} (OpenSearch refuses to run as root)"
		useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "${user}" \
			|| id "${user}" >/dev/null 2>&1 || fail "could not create system user ${user}"
	fi
}

# Runs a command as the node user (directly when this script is not root).
as_node_user() {
	if is_root; then
		local user
		user="$(node_user)"
		setpriv --reuid="$(id -u "${user}")" --regid="$(id -g "${user}")" --init-groups -- "$@"
	else
		"$@"
	fi
}

# Minimal HTTP GET on 127.0.0.1 (curl when present, bash's /dev/tcp otherwise); prints the body.
http_get() {
	local port="$1" path="$2"
	if command -v curl >/dev/null 2>&1; then
		curl -s --max-time 10 "http://127.0.0.1:${port}${path}" || true
	else
		(
			exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 0
			printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "${path}" >&3
			timeout 10 cat <&3 | sed '1,/^\r\{0,1\}$/d'
		) 2>/dev/null || true
	fi
}

pid_alive() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# The node's process id: from its pid file, or (the node deletes that file when it exits, and writes it only once
# bootstrapped) from the process list, where the node's JVM is the one with -Dopensearch.path.conf=<dir>/config.
node_pid() {
	local dir="$1" pid=""
	[ -f "${dir}/opensearch.pid" ] && pid="$({ tr -d '[:space:]' <"${dir}/opensearch.pid"; } 2>/dev/null)"
	if [ -z "${pid}" ] || ! pid_alive "${pid}"; then
		pid="$(pid_by_config "${dir}/config")"
	fi
	echo "${pid}"
}

# The process whose command line holds the argument -Dopensearch.path.conf=<config>; reads /proc directly, so that
# a minimal machine without procps (pgrep) works too.
pid_by_config() {
	local wanted="-Dopensearch.path.conf=$1" cmdline
	for cmdline in /proc/[0-9]*/cmdline; do
		# (a process may exit between the listing and the read: its errors are silenced)
		if { tr '\0' '\n' <"${cmdline}"; } 2>/dev/null | grep -qxF -- "${wanted}"; then
			cmdline="${cmdline#/proc/}"
			echo "${cmdline%/cmdline}"
			return
		fi
	done
}

# The first port in a ports file (lines like 127.0.0.1:19200).
ports_file_port() {
	[ -f "$1" ] && sed -n '1s/.*:\([0-9]*\)$/\1/p' "$1" || true
}

log_tail() {
	local dir="$1" cluster="$2"
	echo "----- ${dir}/launch.log -----"
	tail -n 20 "${dir}/launch.log" 2>/dev/null || true
	echo "----- ${dir}/logs/${cluster}.log (last 60 lines) -----"
	tail -n 60 "${dir}/logs/${cluster}.log" 2>/dev/null || echo "(no log written)"
}

process_start_time() {
	awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true
}

yaml_list() {
	local IFS=, item out=""
	for item in $1; do
		out="${out:+${out}, }\"${item}\""
	done
	echo "[${out}]"
}

cmd_start() {
	[ $# -ge 1 ] || fail "start needs a node folder"
	local dir="$1"
	shift
	local name="" cluster="" http_port="19200-19299" transport_port="19300-19399" seed_hosts="" managers="" roles=""
	local heap="512m" wait_nodes=1 timeout=600 owner_pid="" java_opts=""
	while [ $# -gt 0 ]; do
		case "$1" in
			--name) name="$2"; shift 2 ;;
			--cluster) cluster="$2"; shift 2 ;;
			--http-port) http_port="$2"; shift 2 ;;
			--transport-port) transport_port="$2"; shift 2 ;;
			--seed-hosts) seed_hosts="$2"; shift 2 ;;
			--initial-cluster-managers) managers="$2"; shift 2 ;;
			--roles) roles="$2"; shift 2 ;;
			--heap) heap="$2"; shift 2 ;;
			--wait-for-nodes) wait_nodes="$2"; shift 2 ;;
			--timeout) timeout="$2"; shift 2 ;;
			--java-opts) java_opts="$2"; shift 2 ;;
			--owner-pid) owner_pid="$2"; shift 2 ;;
			*) fail "unknown start option $1" ;;
		esac
	done
	[[ "${heap}" =~ ^[0-9]+[mMgG]$ ]] || fail "--heap must look like 512m or 2g, was ${heap}"
	mkdir -p "${dir}"
	dir="$(cd "${dir}" && pwd)"
	name="${name:-$(basename "${dir}")}"
	cluster="${cluster:-colbert-$(basename "${dir}")}"
	if pid_alive "$(node_pid "${dir}")"; then
		fail "a node already runs from ${dir} (pid $(node_pid "${dir}")): stop it first"
	fi

	local home java_home user
	home="$(cmd_install)"
	java_home="$(opensearch_java_home)"
	ensure_node_user
	user="$(node_user)"

	rm -rf "${dir}/config" "${dir}/logs" "${dir}/data" "${dir}/tmp" "${dir}/opensearch.pid"
	mkdir -p "${dir}/data" "${dir}/logs" "${dir}/tmp"
	cp -r "${home}/config" "${dir}/config"
	{
		echo "cluster.name: ${cluster}"
		echo "node.name: ${name}"
		echo "network.host: 127.0.0.1"
		echo "http.port: ${http_port}"
		echo "transport.port: ${transport_port}"
		echo "path.data: ${dir}/data"
		echo "path.logs: ${dir}/logs"
		echo "node.portsfile: true"
		echo "action.destructive_requires_name: false"
		echo "cluster.routing.allocation.disk.threshold_enabled: false"
		if [ -n "${seed_hosts}" ] || [ -n "${managers}" ]; then
			[ -n "${seed_hosts}" ] && echo "discovery.seed_hosts: $(yaml_list "${seed_hosts}")"
			[ -n "${managers}" ] && echo "cluster.initial_cluster_manager_nodes: $(yaml_list "${managers}")"
		else
			echo "discovery.type: single-node"
		fi
		[ -n "${roles}" ] && echo "node.roles: $(yaml_list "${roles}")"
	} >"${dir}/config/opensearch.yml"
	# Heap, and absolute paths for what jvm.options writes relative to the installation (shared by every node).
	sed -i \
		-e "s/^-Xms.*/-Xms${heap}/" -e "s/^-Xmx.*/-Xmx${heap}/" \
		-e "s#HeapDumpPath=data#HeapDumpPath=${dir}/data#" \
		-e "s#ErrorFile=logs/#ErrorFile=${dir}/logs/#" \
		-e "s#file=logs/gc.log#file=${dir}/logs/gc.log#" \
		-e "s#-Xloggc:logs/gc.log#-Xloggc:${dir}/logs/gc.log#" \
		"${dir}/config/jvm.options"
	if [ -n "${owner_pid}" ]; then
		echo "${owner_pid} $(process_start_time "${owner_pid}")" >"${dir}/owner"
	fi
	if is_root; then
		chown -R "${user}:" "${dir}"
		chmod 755 "$(work_dir)" 2>/dev/null || true
		as_node_user test -r "${home}/bin/opensearch" -a -w "${dir}/data" \
			|| fail "user ${user} cannot reach ${home} or ${dir}: set COLBERT_OPENSEARCH_WORK to a folder every user can traverse"
	fi

	log "starting ${name} (cluster ${cluster}) from ${dir}"
	(
		cd "${home}"
		as_node_user env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="${dir}" \
			OPENSEARCH_JAVA_HOME="${java_home}" OPENSEARCH_PATH_CONF="${dir}/config" OPENSEARCH_TMPDIR="${dir}/tmp" \
			OPENSEARCH_JAVA_OPTS="${java_opts}" \
			./bin/opensearch -d -p "${dir}/opensearch.pid"
	) >"${dir}/launch.log" 2>&1 || {
		log_tail "${dir}" "${cluster}" >&2
		cmd_stop "${dir}" --kill >/dev/null 2>&1 || true
		fail "OpenSearch did not launch from ${dir}"
	}

	local deadline port="" pid health=""
	deadline=$(($(date +%s) + timeout))
	while :; do
		# bin/opensearch -d returns once the node's JVM runs in the background: from now on it must stay alive.
		pid="$(node_pid "${dir}")"
		if [ -z "${pid}" ]; then
			log_tail "${dir}" "${cluster}" >&2
			fail "node ${name} exited during start-up (see its log above)"
		fi
		port="$(ports_file_port "${dir}/logs/http.ports")"
		if [ -n "${port}" ]; then
			# wait_for_nodes=N means exactly N nodes: ask for at least N (>=N), since other nodes may join first.
			health="$(http_get "${port}" "/_cluster/health?wait_for_status=yellow&wait_for_nodes=%3E%3D${wait_nodes}&timeout=2s")"
			if [[ "${health}" == *'"status"'* ]] && [[ "${health}" != *'"timed_out":true'* ]]; then
				break
			fi
		fi
		if [ "$(date +%s)" -ge "${deadline}" ]; then
			log_tail "${dir}" "${cluster}" >&2
			cmd_stop "${dir}" --kill >/dev/null 2>&1 || true
			fail "node ${name} was not healthy within ${timeout}s (last health answer: ${health:-none})"
		fi
		sleep 1
	done
	echo "http=http://127.0.0.1:${port}"
	echo "transport=127.0.0.1:$(ports_file_port "${dir}/logs/transport.ports")"
	echo "pid=${pid}"
	echo "dir=${dir}"
	echo "log=${dir}/logs/${cluster}.log"
}

cmd_stop() {
	[ $# -ge 1 ] || fail "stop needs a node folder"
	local dir="$1" signal=TERM purge=false
	shift
	while [ $# -gt 0 ]; do
		case "$1" in
			--kill) signal=KILL; shift ;;
			--purge) purge=true; shift ;;
			*) fail "unknown stop option $1" ;;
		esac
	done
	local pid
	pid="$(node_pid "${dir}")"
	if pid_alive "${pid}"; then
		kill "-${signal}" "${pid}" 2>/dev/null || true
		local waited=0
		while pid_alive "${pid}" && [ "${waited}" -lt 60 ]; do
			sleep 0.5
			waited=$((waited + 1))
		done
		if pid_alive "${pid}"; then
			log "node pid ${pid} ignored SIG${signal} for 30s: sending SIGKILL"
			kill -KILL "${pid}" 2>/dev/null || true
			sleep 0.5
		fi
	fi
	if [ "${purge}" = true ]; then
		rm -rf "${dir}"
	fi
	echo "stopped=${pid:-none}"
}

cmd_status() {
	[ $# -ge 1 ] || fail "status needs a node folder"
	local dir="$1" pid port
	pid="$(node_pid "${dir}")"
	port="$(ports_file_port "${dir}/logs/http.ports")"
	if pid_alive "${pid}"; then
		echo "running pid=${pid} http=http://127.0.0.1:${port}"
	else
		echo "stopped"
		return 3
	fi
}

cmd_cleanup() {
	local nodes
	nodes="$(work_dir)/nodes"
	[ -d "${nodes}" ] || return 0
	local dir owner owner_pid owner_start
	for dir in "${nodes}"/*/; do
		[ -d "${dir}" ] || continue
		dir="${dir%/}"
		[ -f "${dir}/owner" ] || continue
		read -r owner_pid owner_start <"${dir}/owner" || true
		if pid_alive "${owner_pid}" && [ "$(process_start_time "${owner_pid}")" = "${owner_start}" ]; then
			continue
		fi
		log "owner ${owner_pid} of ${dir} is gone: stopping its node"
		cmd_stop "${dir}" --kill --purge >/dev/null
	done
}

main() {
	[ $# -ge 1 ] || { sed -n '3,42p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
	local command="$1"
	shift
	case "${command}" in
		fetch) cmd_fetch ;;
		install) cmd_install ;;
		start) cmd_start "$@" ;;
		stop) cmd_stop "$@" ;;
		status) cmd_status "$@" ;;
		cleanup) cmd_cleanup ;;
		nodes-dir) mkdir -p "$(work_dir)/nodes" && chmod 755 "$(work_dir)" "$(work_dir)/nodes" && echo "$(work_dir)/nodes" ;;
		-h|--help|help) sed -n '3,42p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
		*) fail "unknown command ${command} (fetch, install, start, stop, status, cleanup, nodes-dir)" ;;
	esac
}

main "$@"

#!/bin/sh
# One-shot job of docker-compose.yml (temporalio/admin-tools image), once Temporal answers: creates the
# namespace (closed runs kept $RETENTION) and the Keyword search attributes every Morpheus switch sets
# (src/workflows/search-attributes.ts). Each step is retried, since a fresh server takes a while to
# accept namespace operations. Safe to run again: what exists is left as it is.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${NAMESPACE:?}"
retention=${RETENTION:-720h}
attributes="MorpheusHost MorpheusFromMode MorpheusToMode MorpheusOutcome MorpheusRequestedBy"

# retry <what> <command...>: up to 30 tries, 2 s apart.
retry() {
  what=$1
  shift
  attempt=1
  until "$@"; do
    [ "$attempt" -ge 30 ] && { echo "gave up: $what" >&2; exit 1; }
    echo "retrying ($attempt/30): $what"
    attempt=$((attempt + 1))
    sleep 2
  done
}

ensure_namespace() {
  temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1 ||
    temporal operator namespace create --namespace "$NAMESPACE" --retention "$retention"
}

ensure_attribute() {
  temporal operator search-attribute list --namespace "$NAMESPACE" | grep -qw "$1" ||
    temporal operator search-attribute create --namespace "$NAMESPACE" --name "$1" --type Keyword
}

retry "Temporal at $TEMPORAL_ADDRESS is serving" temporal operator cluster health
retry "namespace $NAMESPACE" ensure_namespace
for name in $attributes; do
  retry "search attribute $name" ensure_attribute "$name"
done
echo "namespace $NAMESPACE and Morpheus's search attributes are ready"

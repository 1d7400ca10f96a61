#!/usr/bin/env bash
# Create (once) a SoftHSM2 token for ecert's tests and CI; no root needed.
#
#   scripts/softhsm-init.sh USER_PIN SO_PIN [LABEL]
#
# The token lives under the directory of $SOFTHSM2_CONF (created with a config file if missing);
# without SOFTHSM2_CONF a temporary directory is used. Running it again with the same token label
# changes nothing. Prints `export SOFTHSM2_CONF=...` on stdout so callers can `eval` it.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 USER_PIN SO_PIN [LABEL]" >&2
    exit 2
fi
user_pin=$1
so_pin=$2
label=${3:-ecert-test}
module=${ECERT_PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}

if ! command -v softhsm2-util >/dev/null 2>&1 || [[ ! -f $module ]]; then
    echo "softhsm2 is not installed (softhsm2-util / $module missing): apt-get install softhsm2" >&2
    exit 1
fi

if [[ -z ${SOFTHSM2_CONF:-} ]]; then
    SOFTHSM2_CONF=$(mktemp -d "${TMPDIR:-/tmp}/ecert-softhsm.XXXXXX")/softhsm2.conf
fi
export SOFTHSM2_CONF
conf_dir=$(dirname "$SOFTHSM2_CONF")
mkdir -p "$conf_dir"
if [[ ! -f $SOFTHSM2_CONF ]]; then
    mkdir -p "$conf_dir/tokens"
    chmod 700 "$conf_dir/tokens"
    cat >"$SOFTHSM2_CONF" <<CONF
directories.tokendir = $conf_dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
fi

# Token labels are padded to 32 characters in the listing; compare trimmed values.
if softhsm2-util --show-slots 2>/dev/null \
    | sed -n 's/^ *Label: *//p' | sed 's/ *$//' | grep -qxF -- "$label"; then
    echo "token '$label' already present" >&2
else
    softhsm2-util --init-token --free --label "$label" --pin "$user_pin" --so-pin "$so_pin" >&2
fi
echo "export SOFTHSM2_CONF=$SOFTHSM2_CONF"

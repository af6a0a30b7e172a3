#!/usr/bin/env bash
# Generates Python gRPC stubs for the Strand API (proto/src/main/proto/strand/api/v1) and for the server
# reflection subset next to this script, into OUT_DIR.
#
#   deploy/examples/python/generate.sh OUT_DIR [PROTO_ROOT]
#
# PROTO_ROOT defaults to the repository's proto/src/main/proto. Uses `python3 -m grpc_tools.protoc` when its
# bundled protoc understands proto3 `optional` (grpcio-tools >= 1.32 from pip); otherwise Debian's protoc
# (protobuf-compiler) with grpc_python_plugin (protobuf-compiler-grpc). Debian 12's python3-grpc-tools
# bundles protoc 3.5.1, which predates proto3 `optional`, so on Debian 12 the second path is the one taken.
# PYTHON selects the interpreter (default python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
out="${1:?usage: generate.sh OUT_DIR [PROTO_ROOT]}"
root="${2:-$here/../../../proto/src/main/proto}"
python="${PYTHON:-python3}"
mkdir -p "$out"
api=("$root"/strand/api/v1/*.proto)
refl="$here/reflection/grpc_reflection_v1/reflection.proto"

if "$python" -m grpc_tools.protoc -I "$root" -I "$here/reflection" --python_out="$out" --grpc_python_out="$out" \
     "${api[@]}" "$refl" 2>/dev/null; then
  generator="grpc_tools.protoc"
elif command -v protoc >/dev/null && command -v grpc_python_plugin >/dev/null; then
  protoc -I "$root" -I "$here/reflection" --python_out="$out" --grpc_out="$out" \
    --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" "${api[@]}" "$refl"
  generator="protoc $(protoc --version | cut -d' ' -f2) + grpc_python_plugin"
else
  echo "generate.sh: neither '$python -m grpc_tools.protoc' (with proto3 optional support) nor protoc +" \
    "grpc_python_plugin is available; install grpcio-tools, or Debian's protobuf-compiler and" \
    "protobuf-compiler-grpc" >&2
  exit 1
fi
# Python 3 namespace packages need no __init__.py; the generated modules import each other by package path.
echo "generated Python stubs with $generator into $out"

#!/bin/sh
# Builds the self-checking ESP8266 (esp8266-esp-12x) test programs with xtensa-lx106-elf-gcc (call0
# ABI), reproducibly (no timestamps, no build id, no debug info, source paths mapped to '.').
#   firmware/tests/xtensa/build.sh           rebuild prebuilt/*.elf
#   firmware/tests/xtensa/build.sh --check   rebuild into a temporary directory, compare with prebuilt/
# Each program prints PASS/FAIL lines and "<name>: PASS|FAIL", then exits through semihosting
# (SIMCALL SYS_exit) with the number of failures as the exit code.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CC=${CC:-xtensa-lx106-elf-gcc}
COMMON="-Os -g0 -std=c11 -ffreestanding -fno-builtin -fno-common -mlongcalls -ffile-prefix-map=$here=. -Wall -Wextra -Werror"
PORT=../../ports/esp8266
out=prebuilt
if [ "${1:-}" = "--check" ]; then out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
mkdir -p "$out"
if ! command -v "$CC" >/dev/null 2>&1; then echo "build.sh: $CC not found" >&2; exit 2; fi
LIBGCC=$($CC -print-libgcc-file-name)
# Objects get fixed names (the linker records object file names; gcc's temporaries are random).
for p in hello compute irq traps; do
  $CC $COMMON -c rt.S -o "$out/rt.o"
  $CC $COMMON -c "$p.c" -o "$out/$p.o"
  $CC $COMMON -c "$PORT/div.c" -o "$out/div.o"
  $CC $COMMON -c "$PORT/softfloat.c" -o "$out/softfloat.o"
  (cd "$out" && $CC $COMMON -nostdlib -nostartfiles -Wl,--build-id=none -T "$here/esp.ld" -o "$p.elf" rt.o "$p.o" div.o softfloat.o "$LIBGCC")
  rm -f "$out/rt.o" "$out/$p.o" "$out/div.o" "$out/softfloat.o"
done

if [ "$out" != prebuilt ]; then
  status=0
  for f in "$out"/*.elf; do
    b=$(basename "$f")
    if ! cmp -s "$f" "prebuilt/$b"; then echo "build.sh --check: prebuilt/$b differs from a fresh build" >&2; status=1; fi
  done
  for f in prebuilt/*.elf; do
    [ -f "$out/$(basename "$f")" ] || { echo "build.sh --check: prebuilt/$(basename "$f") is not produced by the build" >&2; status=1; }
  done
  [ $status -eq 0 ] && echo "build.sh --check: prebuilt ELFs match the sources"
  exit $status
fi
echo "built: $(ls prebuilt)"

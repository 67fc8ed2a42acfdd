#!/bin/sh
# Builds the Cortex-M4F self-checking test programs into prebuilt/ (nRF52840 DK variant) and
# prebuilt/mps2/ (QEMU mps2-an386 variant: same memory map, -DTARGET_MPS2 for what QEMU lacks).
#   build.sh            rebuild both variants into prebuilt/
#   build.sh --check    rebuild into a temporary directory and fail if any ELF differs from prebuilt/
#   build.sh --out DIR  rebuild into DIR (DIR/ and DIR/mps2/)
# Reproducible: fixed flags, no debug info, no build id, source paths mapped to '.'.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CC=${CC:-arm-none-eabi-gcc}
PROGRAMS="arith flags dsp fpu fprand exceptions timers mpu"
# nRF52840 peripherals: built for the DK only (QEMU's mps2 has no such devices).
NRF_PROGRAMS="power reset"
mode=build
out="$here/prebuilt"
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check ;;
    --out) shift; out=$1 ;;
    *) echo "build.sh: unknown option '$1' (expected --check or --out DIR)" >&2; exit 2 ;;
  esac
  shift
done
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build.sh: $CC not found (install gcc-arm-none-eabi)" >&2
  exit 2
fi
if [ "$mode" = check ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  out="$tmp"
fi
CFLAGS="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -O2 -std=gnu11 -Wall -Wextra -Werror
  -ffreestanding -fno-math-errno -fno-common -g0 -ffile-prefix-map=$here=. -I$here"
LDFLAGS="-nostdlib -nostartfiles -Wl,-T,$here/rt/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments"
for variant in nrf52840 mps2; do
  if [ "$variant" = mps2 ]; then dir="$out/mps2"; def="-DTARGET_MPS2"; else dir="$out"; def="-DTARGET_NRF52840"; fi
  mkdir -p "$dir"
  for p in $PROGRAMS; do
    # shellcheck disable=SC2086
    $CC $CFLAGS $def -o "$dir/$p.elf" rt/rt.c "$p.c" $LDFLAGS -lgcc
  done
done
for p in $NRF_PROGRAMS; do
  # shellcheck disable=SC2086
  $CC $CFLAGS -DTARGET_NRF52840 -o "$out/$p.elf" rt/rt.c "$p.c" $LDFLAGS -lgcc
done
if [ "$mode" = check ]; then
  status=0
  for p in $PROGRAMS; do
    for sub in "" "mps2/"; do
      if ! cmp -s "$out/$sub$p.elf" "$here/prebuilt/$sub$p.elf"; then
        echo "build.sh --check: prebuilt/$sub$p.elf differs from a fresh build" >&2
        status=1
      fi
    done
  done
  for p in $NRF_PROGRAMS; do
    if ! cmp -s "$out/$p.elf" "$here/prebuilt/$p.elf"; then
      echo "build.sh --check: prebuilt/$p.elf differs from a fresh build" >&2
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "build.sh --check: all prebuilt ELFs match"
  exit $status
fi
echo "built: $(echo $PROGRAMS) -> $out (and $out/mps2); $(echo $NRF_PROGRAMS) -> $out"

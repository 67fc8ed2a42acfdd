#!/bin/sh
# Builds the self-checking FE310 (HiFive1 Rev B) test programs with riscv64-unknown-elf-gcc for
# rv32imac/ilp32, reproducibly (no timestamps, no build id, source paths mapped to '.').
#   firmware/tests/riscv/build.sh           rebuild prebuilt/*.elf
#   firmware/tests/riscv/build.sh --check   rebuild into a temporary directory, compare with prebuilt/
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CC=${CC:-riscv64-unknown-elf-gcc}
# rv32imac; the bare programs add zicsr/zifencei, which GCC 12 needs spelled out for CSR mnemonics.
ARCH="-march=rv32imac -mabi=ilp32"
ARCH_BARE="-march=rv32imac_zicsr_zifencei -mabi=ilp32"
COMMON="-Os -g -ffile-prefix-map=$here=. -fno-common -Wall -Wextra -Wl,--build-id=none"
out=prebuilt
if [ "${1:-}" = "--check" ]; then out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
mkdir -p "$out"
if ! command -v "$CC" >/dev/null 2>&1; then echo "build.sh: $CC not found" >&2; exit 2; fi

# picolibc programs (semihosting stdio and exit), linked at 0x20010000 / DTIM.
PICO="--specs=picolibc.specs --oslib=semihost --crt0=semihost \
  -Wl,--defsym=__flash=0x20010000 -Wl,--defsym=__flash_size=0x3f0000 \
  -Wl,--defsym=__ram=0x80000000 -Wl,--defsym=__ram_size=0x4000 -Wl,--defsym=__stack_size=0x800"
for p in hello compute; do
  $CC $ARCH $COMMON $PICO -o "$out/$p.elf" "$p.c"
done
# Bare programs on the tiny runtime (rt.S + fe310.ld), printing through UART0.
# Objects get fixed names (the linker records object file names; gcc's temporaries are random).
for p in traps irq pmp; do
  $CC $ARCH_BARE $COMMON -Wa,--debug-prefix-map=$here=. -c rt.S -o "$out/rt.o"
  $CC $ARCH_BARE $COMMON -ffreestanding -c "$p.c" -o "$out/$p.o"
  (cd "$out" && $CC $ARCH_BARE $COMMON -nostdlib -nostartfiles -T "$here/fe310.ld" -o "$p.elf" rt.o "$p.o" -lgcc)
  rm -f "$out/rt.o" "$out/$p.o"
done

if [ "$out" != prebuilt ]; then
  status=0
  for f in "$out"/*.elf; do
    b=$(basename "$f")
    if ! cmp -s "$f" "prebuilt/$b"; then echo "build.sh --check: prebuilt/$b differs from a fresh build" >&2; status=1; fi
  done
  [ $status -eq 0 ] && echo "build.sh --check: prebuilt ELFs match the sources"
  exit $status
fi
echo "built: $(ls prebuilt)"

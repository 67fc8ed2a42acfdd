#!/usr/bin/env bash
# Builds the benchmark for Cortex-M4F (nrf52840dk), RV32IMAC (hifive1b) and Xtensa LX106
# (esp8266-esp-12x) into prebuilt/.
# The expected checksum is computed by a host build of the same source first.
# --check: rebuild into a temporary folder and fail if a result differs from the committed one.
set -euo pipefail
cd "$(dirname "$0")"
out=prebuilt
if [ "${1:-}" = "--check" ]; then out=$(mktemp -d); fi
mkdir -p "$out"
host=$(mktemp -d)
cc -O2 -o "$host/bench" bench.c
expected=$( ("$host/bench" || true) | sed -n "s/^bench checksum //p")
rm -rf "$host"
common=(-O2 -g -ffreestanding -nostdlib -nostartfiles -ffunction-sections -Wall -Wextra
        -ffile-prefix-map="$PWD"=. -DBENCH_EXPECTED="${expected}u" -Wl,--gc-sections -Wl,--build-id=none)
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 "${common[@]}" -T arm.ld \
  -o "$out/bench-nrf52840dk.elf" start.c bench.c -lgcc
riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 "${common[@]}" -T riscv.ld \
  -o "$out/bench-hifive1b.elf" start.c bench.c -lgcc
xtensa-lx106-elf-gcc -mlongcalls "${common[@]}" -T xtensa.ld \
  -o "$out/bench-esp8266-esp-12x.elf" start.c bench.c -lgcc
if [ "${1:-}" = "--check" ]; then
  status=0
  for f in "$out"/*.elf; do
    if ! cmp -s "$f" "prebuilt/$(basename "$f")"; then echo "firmware/bench: $(basename "$f") differs from the committed prebuilt" >&2; status=1; fi
  done
  rm -rf "$out"
  exit $status
fi
echo "firmware/bench: built with expected checksum $expected"

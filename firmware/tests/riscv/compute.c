/* Compute-bound workload (CRC-32, integer matrix multiply, divisions) printing checksums through
   picolibc semihosting; used for the differential run against QEMU and for emulator speed. */
#include <stdio.h>
#include <stdint.h>

static uint32_t crc32(const uint8_t *p, unsigned n, uint32_t crc) {
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
  }
  return ~crc;
}

static int32_t a[12][12], b[12][12], c[12][12];
static uint8_t buf[1024];

int main(void) {
  uint32_t seed = 12345;
  for (unsigned i = 0; i < sizeof buf; i++) { seed = seed * 1103515245u + 12345u; buf[i] = seed >> 16; }
  uint32_t crc = 0;
  for (int r = 0; r < 40; r++) crc = crc32(buf, sizeof buf, crc);
  for (int i = 0; i < 12; i++)
    for (int j = 0; j < 12; j++) { a[i][j] = i * 7 - j * 3; b[i][j] = (i ^ j) - 5; }
  int32_t sum = 0;
  for (int rep = 0; rep < 20; rep++)
    for (int i = 0; i < 12; i++)
      for (int j = 0; j < 12; j++) {
        int32_t s = 0;
        for (int k = 0; k < 12; k++) s += a[i][k] * b[k][j];
        c[i][j] = s + rep;
        sum += c[i][j];
      }
  uint32_t q = 0;
  for (uint32_t i = 1; i < 2000; i++) q += 0xfffffff0u / i + (int32_t)(-1000000 + (int)i) % 7;
  int64_t m = (int64_t)sum * -123456789;
  printf("crc=%08lx sum=%ld q=%lu m=%lld\n", (unsigned long)crc, (long)sum, (unsigned long)q, (long long)m);
  return 0;
}

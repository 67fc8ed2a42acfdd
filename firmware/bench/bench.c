/*
 * femtosim's compute benchmark: a fixed, self-checking mix of integer work (CRC-32, insertion sort,
 * matrix multiply, a byte-string search and a small state machine). Used by `npm run bench` to
 * measure emulated MIPS; the result checksum makes a wrong emulation visible.
 */
#include <stdint.h>
#include "bench_port.h"

#define N_SORT 64
#define N_MAT 12

static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) {
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

static uint32_t crc32(const uint8_t *p, uint32_t n) {
    uint32_t c = 0xffffffffu;
    for (uint32_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void sort(int32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static int32_t ma[N_MAT][N_MAT], mb[N_MAT][N_MAT], mc[N_MAT][N_MAT];

static uint32_t matmul(void) {
    uint32_t sum = 0;
    for (int i = 0; i < N_MAT; i++)
        for (int j = 0; j < N_MAT; j++) {
            int32_t acc = 0;
            for (int k = 0; k < N_MAT; k++) acc += ma[i][k] * mb[k][j];
            mc[i][j] = acc;
            sum += (uint32_t)acc;
        }
    return sum;
}

static int search(const char *hay, int hn, const char *needle, int nn) {
    int count = 0;
    for (int i = 0; i + nn <= hn; i++) {
        int k = 0;
        while (k < nn && hay[i + k] == needle[k]) k++;
        if (k == nn) count++;
    }
    return count;
}

static uint32_t state_machine(const uint8_t *p, int n) {
    uint32_t st = 0, acc = 0;
    for (int i = 0; i < n; i++) {
        switch (st) {
        case 0: st = (p[i] & 1) ? 1 : 2; acc += 3; break;
        case 1: st = (p[i] & 2) ? 3 : 0; acc ^= p[i]; break;
        case 2: st = (p[i] > 128) ? 3 : 1; acc += p[i] << 1; break;
        default: st = 0; acc = (acc << 3) | (acc >> 29); break;
        }
    }
    return acc;
}

static uint8_t buf[512];
static int32_t arr[N_SORT];
static char text[256];

int main(void) {
    uint32_t check = 0;
    for (int round = 0; round < BENCH_ROUNDS; round++) {
        for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (uint8_t)lcg();
        check ^= crc32(buf, sizeof buf);
        for (int i = 0; i < N_SORT; i++) arr[i] = (int32_t)(lcg() & 0xffff) - 0x8000;
        sort(arr, N_SORT);
        for (int i = 1; i < N_SORT; i++)
            if (arr[i - 1] > arr[i]) check ^= 0xdead;
        check += (uint32_t)arr[N_SORT / 2];
        for (int i = 0; i < N_MAT; i++)
            for (int j = 0; j < N_MAT; j++) {
                ma[i][j] = (int32_t)(lcg() & 0xff) - 128;
                mb[i][j] = (int32_t)(lcg() & 0xff) - 128;
            }
        check += matmul();
        for (int i = 0; i < (int)sizeof text; i++) text[i] = (char)('a' + (lcg() % 4));
        check += (uint32_t)search(text, sizeof text, "abca", 4);
        check ^= state_machine(buf, sizeof buf);
    }
    bench_print("bench checksum ");
    bench_print_hex(check);
    bench_print("\n");
    return check == BENCH_EXPECTED ? 0 : 1;
}

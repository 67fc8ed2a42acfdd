/* MPU instruction-fetch permission (ARMv7-M B3.5): code copied to RAM runs while its region allows
 * it; with XN set, or without read permission for an unprivileged thread, the fetch faults with
 * MemManage IACCVIOL (MMFAR not valid), caught by a handler that returns to the caller. Also data
 * permissions (DACCVIOL with MMFAR), LDRT/STRT checked as unprivileged from privileged code, and
 * the background region for privileged code. QEMU's
 * mps2-an386 runs the same program (differential check). */
#include "rt/rt.h"

#define MPU_TYPE REG32(0xE000ED90u)
#define MPU_CTRL REG32(0xE000ED94u)
#define MPU_RNR REG32(0xE000ED98u)
#define MPU_RBAR REG32(0xE000ED9Cu)
#define MPU_RASR REG32(0xE000EDA0u)
#define SHCSR_MEMFAULTENA (1u << 16)
#define MMFSR_IACCVIOL (1u << 0)
#define MMFSR_DACCVIOL (1u << 1)
#define MMFSR_MMARVALID (1u << 7)
#define SCB_MMFAR_REG REG32(0xE000ED34u)
#define RASR_XN (1u << 28)
#define AP_FULL 3u
#define AP_PRIV_RW 1u
#define AP_RO 6u

/* 32-byte aligned RAM buffer holding a tiny function: movs r0, #42; bx lr */
static uint16_t code_buf[16] __attribute__((aligned(32)));
static volatile uint32_t data_buf[8] __attribute__((aligned(32)));
static volatile uint32_t priv_buf[8] __attribute__((aligned(32)));
typedef uint32_t (*fn_t)(void);

static volatile uint32_t mm_count, mm_cfsr, mm_mmfar;


FRAME_HANDLER(MemManage_Handler, memmanage_c)
void memmanage_c(uint32_t *frame) {
  mm_count++;
  mm_cfsr = SCB_CFSR & 0xffu;
  mm_mmfar = SCB_MMFAR_REG;
  SCB_CFSR = 0xffu; /* write 1 to clear the MMFSR bits */
  if (mm_cfsr & MMFSR_IACCVIOL) {
    /* the faulting fetch was the called function's first instruction: return to its caller */
    frame[0] = 7u;
    frame[6] = frame[5] & ~1u;
  } else {
    /* a data access: skip the faulting instruction (16-bit ldr/str here) */
    uint16_t hw = *(const uint16_t *)frame[6];
    frame[6] += (hw & 0xf800u) >= 0xe800u ? 4u : 2u;
  }
}

/* SVC 1: back to privileged thread mode */
void SVC_Handler(void) {
  __asm__ volatile("mrs r0, control\n\tbic r0, r0, #1\n\tmsr control, r0\n\tisb" ::: "r0", "memory");
}

static void region0(uint32_t base, uint32_t size_log2, uint32_t ap, uint32_t xn) {
  MPU_RNR = 0;
  MPU_RBAR = base;
  MPU_RASR = xn | (ap << 24) | ((size_log2 - 1u) << 1) | 1u;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}

static uint32_t call_buf(void) {
  fn_t f = (fn_t)((uintptr_t)code_buf | 1u);
  return f();
}

int main(void) {
  code_buf[0] = 0x202a; /* movs r0, #42 */
  code_buf[1] = 0x4770; /* bx lr */
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  CHECK("MPU has 8 regions", (MPU_TYPE >> 8) & 0xffu, 8u);
  CHECK("RAM code runs with the MPU off", call_buf(), 42u);

  SCB_SHCSR |= SHCSR_MEMFAULTENA;
  region0((uint32_t)(uintptr_t)code_buf, 5, AP_FULL, RASR_XN);
  MPU_CTRL = 5u; /* ENABLE | PRIVDEFENA */
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  CHECK("XN region: the call faults and the handler returns 7", call_buf(), 7u);
  CHECK("one MemManage", mm_count, 1u);
  CHECK("IACCVIOL, MMFAR not valid", mm_cfsr, MMFSR_IACCVIOL);

  region0((uint32_t)(uintptr_t)code_buf, 5, AP_FULL, 0);
  CHECK("XN cleared: the code runs", call_buf(), 42u);
  CHECK("no new fault", mm_count, 1u);

  /* privileged-only region: an unprivileged thread may not fetch from it */
  region0((uint32_t)(uintptr_t)code_buf, 5, AP_PRIV_RW, 0);
  CHECK("privileged thread runs privileged-only code", call_buf(), 42u);
  /* unprivileged code needs regions of its own: flash (code), RAM (stack) read-write */
  MPU_RNR = 1;
  MPU_RBAR = 0x00000000u;
  MPU_RASR = (AP_RO << 24) | ((20u - 1u) << 1) | 1u; /* 1 MiB flash, read-only, executable */
  MPU_RNR = 2;
  MPU_RBAR = 0x20000000u;
  MPU_RASR = RASR_XN | (AP_FULL << 24) | ((18u - 1u) << 1) | 1u; /* 256 KiB RAM, no execute */
  /* where regions overlap the highest-numbered one applies: the buffer's region 3 over RAM's region 2 */
  MPU_RNR = 3;
  MPU_RBAR = (uint32_t)(uintptr_t)code_buf;
  MPU_RASR = (AP_PRIV_RW << 24) | ((5u - 1u) << 1) | 1u;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  __asm__ volatile("mrs r0, control\n\torr r0, r0, #1\n\tmsr control, r0\n\tisb" ::: "r0", "memory");
  uint32_t r = call_buf();
  __asm__ volatile("svc #1" ::: "memory");
  CHECK("unprivileged fetch from a privileged-only region faults", r, 7u);
  CHECK("second MemManage", mm_count, 2u);
  CHECK("IACCVIOL again", mm_cfsr, MMFSR_IACCVIOL);

  /* data: a read-only region, a store faults with DACCVIOL and MMFAR */
  MPU_RNR = 4;
  MPU_RBAR = (uint32_t)(uintptr_t)data_buf;
  MPU_RASR = RASR_XN | (AP_RO << 24) | ((5u - 1u) << 1) | 1u;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  data_buf[1] = 5u;
  CHECK("store to a read-only region faults", mm_count, 3u);
  CHECK("DACCVIOL with MMFAR", mm_cfsr, MMFSR_DACCVIOL | MMFSR_MMARVALID);
  CHECK("MMFAR is the store address", mm_mmfar, (uint32_t)(uintptr_t)&data_buf[1]);
  CHECK("the store did not happen", data_buf[1], 0u);

  /* LDRT: checked as an unprivileged access even from privileged code (A7.7) */
  MPU_RNR = 5;
  MPU_RBAR = (uint32_t)(uintptr_t)priv_buf;
  MPU_RASR = RASR_XN | (AP_PRIV_RW << 24) | ((5u - 1u) << 1) | 1u;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  priv_buf[0] = 0x55u;
  uint32_t v = 0;
  __asm__ volatile("ldrt %0, [%1]" : "+r"(v) : "r"(&priv_buf[0]) : "memory");
  CHECK("ldrt to a privileged-only region faults in privileged code", mm_count, 4u);
  CHECK("DACCVIOL with MMFAR again", mm_cfsr, MMFSR_DACCVIOL | MMFSR_MMARVALID);
  CHECK("MMFAR is the ldrt address", mm_mmfar, (uint32_t)(uintptr_t)&priv_buf[0]);
  CHECK("nothing loaded", v, 0u);
  __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(&priv_buf[0]) : "memory");
  CHECK("a plain ldr from privileged code passes", v, 0x55u);
  MPU_RASR = RASR_XN | (AP_FULL << 24) | ((5u - 1u) << 1) | 1u;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  __asm__ volatile("strt %1, [%0, #4]" : : "r"(&priv_buf[0]), "r"(0x66u) : "memory");
  __asm__ volatile("ldrt %0, [%1, #4]" : "=r"(v) : "r"(&priv_buf[0]) : "memory");
  CHECK("strt/ldrt in a full-access region", v, 0x66u);
  CHECK("no fault there", mm_count, 4u);

  MPU_CTRL = 0;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  CHECK("MPU off again: RAM code runs", call_buf(), 42u);
  return rt_report("mpu");
}

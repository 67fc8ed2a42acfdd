/*
 * femtosim firmware demo: measures every container app against its native twin (CSV lines),
 * loads malformed containers to show each pre-flight and run-time error, then runs containers
 * concurrently in their own threads from a periodic timer hook, a console-line hook and the
 * scheduler's context-switch hook; prints "femtosim-demo: done" and goes idle.
 * Built with -DFC_DISABLE it runs the native twins only (footprint baseline).
 */
#include "../kernel/kernel.h"
#include "../lib/klib.h"
#include "../fc/fc_kv.h"
#include "../apps/fc_app.h"
#include "apps.h"
#ifndef FC_DISABLE
#include "../fc/fc.h"
#endif

#ifndef DEMO_WORKER_STACK_WORDS
#define DEMO_WORKER_STACK_WORDS 256
#endif
#ifndef DEMO_MAIN_STACK_WORDS
#define DEMO_MAIN_STACK_WORDS 384
#endif
#define HOOK_PERIOD_MS 10
#define HOOK_ROUNDS 3

static uint16_t fletcher_buf[FLETCHER_WORDS];
static const struct bench_ctx bench = {0x0123456789abcdefull, 64};
static struct line_ctx demo_line;
static uint32_t cycle_overhead;
static uint64_t switch_base;   /* switches already counted by the snippet before the hook is attached */

static uint32_t main_stack[DEMO_MAIN_STACK_WORDS];
static k_msgq_t main_q;

static void fill_inputs(void)
{
    uint32_t x = 0x2545f491u;
    for (int i = 0; i < FLETCHER_WORDS; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        fletcher_buf[i] = (uint16_t)x;
    }
    const char *t = "hello from the console hook";
    demo_line.len = (uint32_t)strlen(t);
    memcpy(demo_line.text, t, demo_line.len + 1);
}

/* Cost of one counter read as the measurements see it: the smallest of a few back-to-back pairs,
 * so that a cold instruction cache (XIP flash on the FE310) on the first pair does not count. */
static void calibrate(void)
{
    uint32_t best = UINT32_MAX;
    for (int i = 0; i < 4; i++) {
        uint32_t s = port_irq_save();
        uint32_t t0 = port_cycles();
        uint32_t t1 = port_cycles();
        port_irq_restore(s);
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    cycle_overhead = best;
}

static void csv(const char *app, const char *what, uint32_t cycles)
{
    k_printf("csv,%s,%s,%s,%lu\n", port_board_name, app, what, (unsigned long)cycles);
}

/* Context each app gets in the measurement phase. */
struct app_def {
    const char *name;
    uint64_t (*native)(void *);
#ifndef FC_DISABLE
    const uint8_t *img;
    const uint32_t *len;
#endif
    void *ctx;
    uint32_t ctx_len;
};

static struct switch_ctx measure_switch = {1, 2};
static struct line_ctx measure_line;

#ifndef FC_DISABLE
#define APP(n, c, l) {#n, native_##n, fc_img_##n, &fc_img_##n##_len, (void *)(c), l}
#else
#define APP(n, c, l) {#n, native_##n, (void *)(c), l}
#endif

static const struct app_def apps[] = {
    APP(fletcher32, fletcher_buf, sizeof fletcher_buf),
    APP(sensor_avg, 0, 0),
    APP(kv_counter, 0, 0),
    APP(ctx_switch, &measure_switch, sizeof measure_switch),
    APP(console_line, &measure_line, sizeof measure_line),
    APP(bench_alu, &bench, sizeof bench),
    APP(bench_mul, &bench, sizeof bench),
    APP(bench_div, &bench, sizeof bench),
    APP(bench_ldst, &bench, sizeof bench),
    APP(bench_branch_taken, &bench, sizeof bench),
    APP(bench_branch_untaken, &bench, sizeof bench),
};
#define NAPPS (sizeof apps / sizeof apps[0])

#ifndef FC_DISABLE
static fc_container_t c_work;   /* measurement + malformed slot; later the faulting hook container */
static fc_container_t c_fletcher, c_avg, c_kv, c_line, c_switch;
#endif

#define MEASURE_REPS 5u

static void measure(void)
{
    k_printf("== measurement (cycles, %lu subtracted for the counter reads)\n", (unsigned long)cycle_overhead);
    memcpy(measure_line.text, "measure", 8);
    measure_line.len = 7;
    for (unsigned i = 0; i < NAPPS; i++) {
        const struct app_def *a = &apps[i];
        uint32_t s, t0, t1;
#ifndef FC_DISABLE
        int rc;
        int64_t r0 = 0;
        s = port_irq_save();
        t0 = port_cycles();
        rc = fc_container_start(&c_work, a->name, a->img, *a->len);
        t1 = port_cycles();
        port_irq_restore(s);
        if (rc != FC_OK) {
            k_printf("fc: %s: start failed: %d (%s)\n", a->name, rc, fc_error_name(rc));
            continue;
        }
        csv(a->name, "startup", t1 - t0 - cycle_overhead);
#endif
        /* Container and native twin run MEASURE_REPS times each, alternating, so that caches and
         * branch predictors see both in the same state; every run is printed, the median is the
         * figure to quote. Both keep their state across runs (counters advance alike). */
        uint64_t nr = 0;
        for (unsigned rep = 0; rep < MEASURE_REPS; rep++) {
#ifndef FC_DISABLE
            s = port_irq_save();
            t0 = port_cycles();
            rc = fc_container_run(&c_work, a->ctx, a->ctx_len, false, &r0);
            t1 = port_cycles();
            port_irq_restore(s);
            csv(a->name, "container", t1 - t0 - cycle_overhead);
#endif
            s = port_irq_save();
            t0 = port_cycles();
            nr = a->native(a->ctx);
            t1 = port_cycles();
            port_irq_restore(s);
            csv(a->name, "native", t1 - t0 - cycle_overhead);
        }
#ifdef FC_DISABLE
        if (a->native == native_ctx_switch)
            switch_base = nr;   /* the native twin keeps its counters; the container hook starts afresh */
#endif
#ifndef FC_DISABLE
        k_printf("result,%s,code=%d,container=0x%llx,native=0x%llx,%s\n", a->name, rc,
                 (unsigned long long)r0, (unsigned long long)nr,
                 rc == FC_OK && (uint64_t)r0 == nr ? "match" : "MISMATCH");
#else
        k_printf("result,%s,native=0x%llx\n", a->name, (unsigned long long)nr);
#endif
    }
}

#ifndef FC_DISABLE
/* ---- malformed containers: hand-written instructions wrapped in an rBPF header at run time ---- */
#define I(op, dst, src, off, imm) \
    ((uint64_t)(uint8_t)(op) | (uint64_t)((dst) | (src) << 4) << 8 | (uint64_t)(uint16_t)(off) << 16 | \
     (uint64_t)(uint32_t)(imm) << 32)
#define EXIT I(0x95, 0, 0, 0, 0)

enum { PREFLIGHT, RUN, RUN_UNVERIFIED };
struct bad {
    const char *name;
    int expect;
    uint8_t phase;
    uint8_t n;            /* instructions */
    int8_t text_len;      /* -1: n * 8 */
    uint8_t rodata_len;
    char magic;           /* 0: 'r' */
    uint8_t ctx;          /* pass a read-only context */
    uint64_t insn[7];
};

static uint64_t bad_img[(28 + 8 + 7 * 8 + 7) / 8];

static const struct bad bads[] = {
    {"bad_magic", FC_BAD_IMAGE, PREFLIGHT, 2, -1, 0, 'X', 0, {I(0xb7, 0, 0, 0, 0), EXIT}},
    {"empty_text", FC_ILLEGAL_LEN, PREFLIGHT, 0, -1, 0, 0, 0, {0}},
    {"odd_length", FC_ILLEGAL_LEN, PREFLIGHT, 2, 12, 0, 0, 0, {I(0xb7, 0, 0, 0, 0), EXIT}},
    {"alu32_insn", FC_ILLEGAL_INSTRUCTION, PREFLIGHT, 2, -1, 0, 0, 0, {I(0x04, 0, 0, 0, 1), EXIT}},
    {"register_r11", FC_ILLEGAL_REGISTER, PREFLIGHT, 2, -1, 0, 0, 0, {I(0xb7, 11, 0, 0, 1), EXIT}},
    {"write_r10", FC_ILLEGAL_REGISTER, PREFLIGHT, 2, -1, 0, 0, 0, {I(0xb7, 10, 0, 0, 0), EXIT}},
    {"jump_outside", FC_ILLEGAL_JUMP, PREFLIGHT, 2, -1, 0, 0, 0, {I(0x05, 0, 0, 100, 0), EXIT}},
    {"jump_into_lddw", FC_ILLEGAL_JUMP, PREFLIGHT, 4, -1, 0, 0, 0,
     {I(0x05, 0, 0, 1, 0), I(0x18, 0, 0, 0, 5), I(0, 0, 0, 0, 0), EXIT}},
    {"unknown_helper", FC_ILLEGAL_CALL, PREFLIGHT, 2, -1, 0, 0, 0, {I(0x85, 0, 0, 0, 0x99), EXIT}},
    {"no_exit", FC_NO_RETURN, PREFLIGHT, 2, -1, 0, 0, 0, {I(0xb7, 0, 0, 0, 0), I(0xb7, 0, 0, 0, 1)}},
    /* run time */
    {"load_kernel_ram", FC_ILLEGAL_MEM, RUN, 4, -1, 0, 0, 0,
     {I(0x18, 1, 0, 0, 0), I(0, 0, 0, 0, 0), I(0x79, 0, 1, 0, 0), EXIT}},   /* imm patched: __ram_start */
    {"store_below_stack", FC_ILLEGAL_MEM, RUN, 2, -1, 0, 0, 0, {I(0x7b, 10, 0, -1000, 0), EXIT}},
    {"store_rodata", FC_ILLEGAL_MEM, RUN, 4, -1, 8, 0, 0,
     {I(0xd8, 1, 0, 0, 0), I(0, 0, 0, 0, 0), I(0x72, 1, 0, 0, 1), EXIT}},
    {"store_ro_context", FC_ILLEGAL_MEM, RUN, 2, -1, 0, 0, 1, {I(0x62, 1, 0, 0, 1), EXIT}},
    {"memcpy_to_kernel", FC_ILLEGAL_MEM, RUN, 7, -1, 0, 0, 0,
     {I(0x18, 1, 0, 0, 0), I(0, 0, 0, 0, 0), I(0xbf, 2, 10, 0, 0), I(0x07, 2, 0, 0, -8), I(0xb7, 3, 0, 0, 8),
      I(0x85, 0, 0, 0, 0x02), EXIT}},
    {"printf_null_fmt", FC_ILLEGAL_MEM, RUN, 3, -1, 0, 0, 0, {I(0xb7, 1, 0, 0, 0), I(0x85, 0, 0, 0, 0x01), EXIT}},
    {"div_by_zero", FC_ILLEGAL_DIV, RUN, 4, -1, 0, 0, 0,
     {I(0xb7, 0, 0, 0, 7), I(0xb7, 1, 0, 0, 0), I(0x3f, 0, 1, 0, 0), EXIT}},
    {"mod_by_zero", FC_ILLEGAL_DIV, RUN, 4, -1, 0, 0, 0,
     {I(0xb7, 0, 0, 0, 7), I(0xb7, 1, 0, 0, 0), I(0x9f, 0, 1, 0, 0), EXIT}},
    {"endless_loop", FC_OUT_OF_BRANCHES, RUN, 2, -1, 0, 0, 0, {I(0x05, 0, 0, -1, 0), EXIT}},
    {"unverified_alu32", FC_ILLEGAL_INSTRUCTION, RUN_UNVERIFIED, 2, -1, 0, 0, 0, {I(0x04, 0, 0, 0, 1), EXIT}},
};

/* attached to the timer hook: writes kernel RAM; detached after its first error */
static const struct bad kernel_writer = {"kernel_writer", FC_ILLEGAL_MEM, RUN, 4, -1, 0, 0, 0,
                                         {I(0x18, 1, 0, 0, 0), I(0, 0, 0, 0, 0), I(0x7b, 1, 0, 0, 0), EXIT}};

static uint32_t build_bad(const struct bad *b)
{
    uint8_t *p = (uint8_t *)bad_img;
    memset(bad_img, 0, sizeof bad_img);
    uint32_t text_len = b->text_len >= 0 ? (uint32_t)b->text_len : b->n * 8u;
    uint32_t words[7] = {0, 0, 0, 0, b->rodata_len, text_len, 0};
    memcpy(p, "rBPF", 4);
    if (b->magic)
        p[0] = (uint8_t)b->magic;
    memcpy(p + 4, &words[1], 24);
    uint8_t *text = p + 28 + b->rodata_len;
    uint64_t insn[7];
    memcpy(insn, b->insn, sizeof b->insn);
    uint32_t n = b->n;
    if (insn[0] == I(0x18, 1, 0, 0, 0)) {   /* aim at kernel RAM */
        uintptr_t a = (uintptr_t)__ram_start;
        insn[0] = I(0x18, 1, 0, 0, (uint32_t)a);
    }
    memcpy(text, insn, n * 8u);
    return 28 + b->rodata_len + text_len;
}

static void malformed(void)
{
    k_printf("== malformed containers\n");
    static const uint32_t ro_ctx = 42;
    for (unsigned i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        const struct bad *b = &bads[i];
        uint32_t len = build_bad(b);
        int got;
        if (b->phase == RUN_UNVERIFIED)
            got = fc_container_start_unverified(&c_work, b->name, (const uint8_t *)bad_img, len);
        else
            got = fc_container_start(&c_work, b->name, (const uint8_t *)bad_img, len);
        if (got == FC_OK && b->phase != PREFLIGHT) {
            int64_t r0;
            got = fc_container_run(&c_work, b->ctx ? (void *)&ro_ctx : 0, b->ctx ? 4 : 0, false, &r0);
        }
        k_printf("fc-error,%s,%s,expected=%d,got=%d,%s,%s\n", b->name, b->phase == PREFLIGHT ? "preflight" : "run",
                 b->expect, got, fc_error_name(got), got == b->expect ? "ok" : "FAIL");
    }
    k_printf("kernel alive after malformed containers: tick %lu\n", (unsigned long)k_ticks());
}
#endif

/* ---- hooks: periodic timer, console line, context switch ---- */
struct worker {
    const char *name;
    k_msgq_t q;
    uint32_t stack[DEMO_WORKER_STACK_WORDS];
    void *ctx;
    uint32_t ctx_len;
    uint64_t (*native)(void *);
#ifndef FC_DISABLE
    fc_container_t *c;
    uint8_t detach_on_error;
#endif
    volatile uint8_t detached;
    uint32_t runs;
    volatile uint32_t completed;   /* runs fully reported (read by the main thread) */
};

enum { W_FLETCHER, W_AVG, W_KV, W_BAD, W_LINE, NWORKERS };
static struct worker workers[NWORKERS];
#define NTIMER_WORKERS 4

static void worker_thread(void *arg)
{
    struct worker *w = arg;
    for (;;) {
        uint32_t m = k_msgq_get(&w->q);
        if (w->detached)
            continue;   /* triggers queued before the detachment are dropped */
        /* a float live across the run, the console output and the switches they cause: on the
         * Cortex-M4F it sits in a callee-saved FP register, so this checks the FP context switch */
        float fp_probe = (float)(w->runs + 1) * 1.5f;
        void *ctx = m ? (void *)(uintptr_t)m : w->ctx;
        uint32_t ctx_len = m ? sizeof(struct line_ctx) : w->ctx_len;
        w->runs++;
#ifndef FC_DISABLE
        int64_t r0 = 0;
        int rc = w->c ? fc_container_run(w->c, ctx, ctx_len, false, &r0) : FC_BAD_IMAGE;
        k_printf("hook,%s,%s,run=%lu,code=%d,r0=%lld,thread=%s\n", m ? "console" : "timer", w->name,
                 (unsigned long)w->runs, rc, (long long)r0, k_current()->name);
        if (rc != FC_OK && w->detach_on_error) {
            w->detached = 1;
            k_printf("hook,timer,%s,detached after error %d (%s) at insn %lu\n", w->name, rc, fc_error_name(rc),
                     (unsigned long)w->c->last_pc);
        }
#else
        (void)ctx_len;
        uint64_t r0 = w->native(ctx);
        k_printf("hook,%s,%s,run=%lu,code=0,r0=%lld,thread=%s\n", m ? "console" : "timer", w->name,
                 (unsigned long)w->runs, (long long)r0, k_current()->name);
#endif
        if (fp_probe != (float)w->runs * 1.5f)
            k_printf("hook,%s,FAIL: FP context corrupted\n", w->name);
        w->completed++;
        k_msgq_put(&main_q, (uint32_t)(w - workers));
    }
}

static uint32_t timer_stack[256];
static void timer_hook_thread(void *arg)
{
    (void)arg;
    for (int round = 0; round < HOOK_ROUNDS; round++) {
        k_sleep_ms(HOOK_PERIOD_MS);
        for (int i = 0; i < NTIMER_WORKERS; i++) {
            if (workers[i].detached)
                continue;
            k_msgq_put(&workers[i].q, 0);
        }
    }
}

static struct line_ctx rx_line;
static uint32_t console_stack[256];
static void console_thread(void *arg)
{
    (void)arg;
    for (;;) {
        char buf[sizeof rx_line.text];
        size_t n = k_console_readline(buf, sizeof buf);
        rx_line.len = (uint32_t)n;
        memcpy(rx_line.text, buf, n + 1);
        k_msgq_put(&workers[W_LINE].q, (uint32_t)(uintptr_t)&rx_line);
    }
}

static volatile uint32_t switch_hook_runs;
static volatile uint64_t switch_hook_r0;
static volatile int switch_hook_err;
static void switch_hook(const k_thread_t *prev, const k_thread_t *next)
{
    struct switch_ctx sc = {prev ? prev->id : 0xffu, next->id};
    switch_hook_runs++;
#ifndef FC_DISABLE
    int64_t r0;
    int rc = fc_container_run(&c_switch, &sc, sizeof sc, false, &r0);
    if (rc != FC_OK)
        switch_hook_err = rc;
    switch_hook_r0 = (uint64_t)r0;
#else
    switch_hook_r0 = native_ctx_switch(&sc);
#endif
}

static void start_worker(int idx, const char *name, uint64_t (*native)(void *), void *ctx, uint32_t ctx_len, uint8_t prio)
{
    struct worker *w = &workers[idx];
    w->name = name;
    w->native = native;
    w->ctx = ctx;
    w->ctx_len = ctx_len;
    k_msgq_init(&w->q);
    k_thread_create(name, prio, w->stack, sizeof w->stack / sizeof w->stack[0], worker_thread, w);
}

#ifndef FC_DISABLE
static int start_container(fc_container_t *c, const char *name, const uint8_t *img, uint32_t len)
{
    int rc = fc_container_start(c, name, img, len);
    if (rc != FC_OK)
        k_printf("fc: %s: start failed: %d (%s)\n", name, rc, fc_error_name(rc));
    return rc;
}
#endif

static void concurrent(void)
{
    k_printf("== concurrent containers: timer hook every %u ms x %u, console hook, switch hook\n",
             HOOK_PERIOD_MS, HOOK_ROUNDS);
#ifndef FC_DISABLE
    /* a worker whose container failed to start reports an error on each trigger */
#define START(w, cont, name) workers[w].c = start_container(&cont, #name, fc_img_##name, fc_img_##name##_len) ? 0 : &cont
    START(W_FLETCHER, c_fletcher, fletcher32);
    START(W_AVG, c_avg, sensor_avg);
    START(W_KV, c_kv, kv_counter);
    START(W_LINE, c_line, console_line);
#undef START
    bool switch_ok = start_container(&c_switch, "ctx_switch", fc_img_ctx_switch, fc_img_ctx_switch_len) == 0;
    workers[W_BAD].c =
        start_container(&c_work, "kernel_writer", (const uint8_t *)bad_img, build_bad(&kernel_writer)) ? 0 : &c_work;
    workers[W_BAD].detach_on_error = 1;
#else
    bool switch_ok = true;
#endif
    k_msgq_init(&main_q);
    switch_hook_runs = 0;
    if (switch_ok)
        k_set_switch_hook(switch_hook);
    start_worker(W_FLETCHER, "fletcher32", native_fletcher32, fletcher_buf, sizeof fletcher_buf, 3);
    start_worker(W_AVG, "sensor_avg", native_sensor_avg, 0, 0, 3);
    start_worker(W_KV, "kv_counter", native_kv_counter, 0, 0, 3);
    start_worker(W_BAD, "kernel_writer", native_kv_counter, 0, 0, 3);
    start_worker(W_LINE, "console_line", native_console_line, 0, 0, 2);
    k_thread_create("console", 2, console_stack, sizeof console_stack / sizeof console_stack[0], console_thread, 0);
    k_thread_create("timer_hook", 4, timer_stack, sizeof timer_stack / sizeof timer_stack[0], timer_hook_thread, 0);
    port_console_rx_enable();

    k_msgq_put(&workers[W_LINE].q, (uint32_t)(uintptr_t)&demo_line);
    /* wait until the healthy timer workers ran every round, the faulting one was detached (or, without
     * the engine, ran every round too) and the console line was handled */
    for (;;) {
        bool done = workers[W_LINE].completed >= 1;
        for (int i = 0; i < NTIMER_WORKERS; i++)
            done = done && (workers[i].completed >= HOOK_ROUNDS || (workers[i].detached && workers[i].completed));
        if (done)
            break;
        k_msgq_get(&main_q);
    }
    k_set_switch_hook(0);
    k_printf("hook,switch,ctx_switch,runs=%lu,r0=%llu,code=%d,%s\n", (unsigned long)switch_hook_runs,
             (unsigned long long)switch_hook_r0, switch_hook_err,
             switch_hook_r0 == switch_hook_runs + switch_base && switch_hook_err == 0 ? "ok" : "FAIL");
    k_printf("kv,global,0x100=%lld,0x200=%lld\n", (long long)fc_kv_fetch(&fc_kv_global, 0x100),
             (long long)fc_kv_fetch(&fc_kv_global, 0x200));
}

static void main_thread(void *arg)
{
    (void)arg;
    k_printf("femtosim-demo: board %s, kernel tick %u Hz, engine %s\n", port_board_name, K_TICK_HZ,
#ifndef FC_DISABLE
             "on"
#else
             "off (FC_DISABLE)"
#endif
    );
    fill_inputs();
    calibrate();
    measure();
#ifndef FC_DISABLE
    malformed();
#endif
    concurrent();
    k_printf("femtosim-demo: done\n");
    k_stop_tick();
}

int main(void)
{
    port_init();
    k_init();
    k_thread_create("main", 5, main_stack, sizeof main_stack / sizeof main_stack[0], main_thread, 0);
    port_timer_start(K_TICK_HZ);
    k_start();
}

/* femtosim femto-container engine (see fc.h and docs/femto-abi.md). */
#include "fc.h"
#include "../kernel/kernel.h"
#include "../lib/klib.h"

typedef struct {
    uint8_t op;
    uint8_t regs;    /* dst low nibble, src high nibble */
    int16_t off;
    int32_t imm;
} fc_insn_t;

enum { K_BAD = 0, K_ALU, K_NEG, K_JA, K_JCC, K_CALL, K_EXIT, K_LDX, K_ST, K_STX, K_WIDE };

/* Instruction kind of an opcode as accepted by docs/femto-abi.md (K_BAD: illegal instruction). */
static int op_kind(uint8_t op)
{
    switch (op & 0x07) {
    case 0x07: { /* ALU64 */
        uint8_t code = op >> 4;
        if (code == 0x8)
            return K_NEG;  /* 0x87 and 0x8f */
        if (code == 0xd || code == 0xe || code == 0xf)
            return K_BAD;  /* end (byte swap) and undefined */
        return K_ALU;
    }
    case 0x05: { /* JMP */
        uint8_t code = op >> 4;
        if (op == 0x05)
            return K_JA;
        if (op == 0x85)
            return K_CALL;
        if (op == 0x95)
            return K_EXIT;
        if ((op & 0x0f) == 0x05 || (op & 0x0f) == 0x0d) {
            if (code == 0x0 || code == 0x8 || code == 0x9 || code == 0xe || code == 0xf)
                return K_BAD;
            return K_JCC;
        }
        return K_BAD;
    }
    case 0x01:
        return (op & 0xe0) == 0x60 ? K_LDX : K_BAD;  /* 0x61 0x69 0x71 0x79 */
    case 0x02:
        return (op & 0xe0) == 0x60 ? K_ST : K_BAD;   /* 0x62 0x6a 0x72 0x7a */
    case 0x03:
        return (op & 0xe0) == 0x60 ? K_STX : K_BAD;  /* 0x63 0x6b 0x73 0x7b */
    case 0x00:
        return (op == 0x18 || op == 0xb8 || op == 0xd8) ? K_WIDE : K_BAD;
    default:
        return K_BAD;  /* ALU32 (0x04), JMP32 (0x06) */
    }
}

static bool helper_known(int32_t id)
{
    switch (id) {
    case 0x01: case 0x02: case 0x10: case 0x11: case 0x12: case 0x13:
    case 0x20: case 0x21: case 0x30: case 0x40:
        return true;
    default:
        return false;
    }
}

/* Text up to FC_MAX_SLOTS instructions (the verifier marks second slots of two-slot loads on its stack). */
#define FC_MAX_SLOTS 2048

int fc_verify(const uint8_t *text, uint32_t text_len)
{
    if (text_len == 0 || text_len % 8 != 0)
        return FC_ILLEGAL_LEN;
    uint32_t n = text_len / 8;
    if (n > FC_MAX_SLOTS)
        return FC_ILLEGAL_LEN;
    const fc_insn_t *insn = (const fc_insn_t *)text;
    uint8_t second_slot[FC_MAX_SLOTS / 8];
    memset(second_slot, 0, (n + 7) / 8);
    int rc = FC_OK;
    for (uint32_t pc = 0; pc < n && rc == FC_OK; pc++) {
        const fc_insn_t *i = &insn[pc];
        int kind = op_kind(i->op);
        uint8_t dst = i->regs & 0x0f, src = i->regs >> 4;
        if (kind == K_BAD) {
            rc = FC_ILLEGAL_INSTRUCTION;
        } else if (dst > 10 || src > 10) {
            rc = FC_ILLEGAL_REGISTER;
        } else if ((kind == K_ALU || kind == K_NEG || kind == K_LDX || kind == K_WIDE) && dst == 10) {
            rc = FC_ILLEGAL_REGISTER;
        } else if (kind == K_WIDE) {
            if (pc + 1 >= n)
                rc = FC_ILLEGAL_INSTRUCTION;
            else {
                pc++;
                second_slot[pc / 8] |= (uint8_t)(1u << (pc % 8));
            }
        } else if (kind == K_JA || kind == K_JCC) {
            int32_t target = (int32_t)pc + 1 + i->off;
            if (target < 0 || (uint32_t)target >= n)
                rc = FC_ILLEGAL_JUMP;
        } else if (kind == K_CALL) {
            if (!helper_known(i->imm))
                rc = FC_ILLEGAL_CALL;
        }
    }
    for (uint32_t pc = 0; pc < n && rc == FC_OK; pc++) {
        int kind = op_kind(insn[pc].op);
        if ((second_slot[pc / 8] >> (pc % 8)) & 1)
            continue;
        if (kind == K_JA || kind == K_JCC) {
            uint32_t target = (uint32_t)((int32_t)pc + 1 + insn[pc].off);
            if ((second_slot[target / 8] >> (target % 8)) & 1)
                rc = FC_ILLEGAL_JUMP;
        }
    }
    if (rc == FC_OK && (((second_slot[(n - 1) / 8] >> ((n - 1) % 8)) & 1) || insn[n - 1].op != 0x95))
        rc = FC_NO_RETURN;
    return rc;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static int load(fc_container_t *c, const char *name, const uint8_t *img, uint32_t len, bool verify)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->budget = FC_DEFAULT_BUDGET;
    c->last_code = FC_OK;
    if (len < 28)
        return FC_ILLEGAL_LEN;
    if (img[0] != 'r' || img[1] != 'B' || img[2] != 'P' || img[3] != 'F')
        return FC_BAD_IMAGE;
    uint32_t flags = rd32(img + 8);
    uint32_t data_len = rd32(img + 12), rodata_len = rd32(img + 16), text_len = rd32(img + 20);
    uint32_t nfunc = rd32(img + 24);
    if (flags & 1u)
        return FC_BAD_IMAGE;   /* compressed text is not supported */
    uint64_t need = 28ull + data_len + rodata_len + text_len + 6ull * nfunc;
    if (need > len)
        return FC_ILLEGAL_LEN;
    if (data_len > FC_DATA_MAX)
        return FC_BAD_IMAGE;
    const uint8_t *data = img + 28;
    c->rodata = data + data_len;
    c->text = c->rodata + rodata_len;
    if (((uintptr_t)c->text & 3) != 0)
        return FC_BAD_IMAGE;   /* instructions are read as aligned words */
    c->data_len = data_len;
    c->rodata_len = rodata_len;
    c->text_len = text_len;
    if (verify) {
        int rc = fc_verify(c->text, text_len);
        if (rc != FC_OK)
            return rc;
    } else if (text_len == 0 || text_len % 8 != 0) {
        return FC_ILLEGAL_LEN;
    }
    /* entry: the first function of the table, else text offset 0 */
    uint32_t entry = 0;
    if (nfunc > 0) {
        const uint8_t *ft = c->text + text_len;
        entry = rd16(ft + 4);
        if (entry % 8 != 0 || entry >= text_len)
            return FC_ILLEGAL_JUMP;
    }
    c->entry = entry / 8;
    memcpy(c->data, data, data_len);
    /* regions: 0 = context (set per run), stack, data, rodata */
    c->regions[0].len = 0;
    c->regions[1] = (fc_region_t){(uintptr_t)c->stack, FC_STACK_SIZE, FC_R | FC_W};
    c->regions[2] = (fc_region_t){(uintptr_t)c->data, data_len, FC_R | FC_W};
    c->regions[3] = (fc_region_t){(uintptr_t)c->rodata, rodata_len, FC_R};
    c->nregions = 4;
    return FC_OK;
}

__attribute__((noinline)) int fc_container_start(fc_container_t *c, const char *name, const uint8_t *image, uint32_t len)
{
    int rc = load(c, name, image, len, true);
    c->last_code = rc;
    return rc;
}

int fc_container_start_unverified(fc_container_t *c, const char *name, const uint8_t *image, uint32_t len)
{
    int rc = load(c, name, image, len, false);
    c->last_code = rc;
    return rc;
}

int fc_container_add_region(fc_container_t *c, void *start, uint32_t len, uint32_t perm)
{
    if (c->nregions >= FC_MAX_REGIONS)
        return -1;
    c->regions[c->nregions++] = (fc_region_t){(uintptr_t)start, len, perm};
    return 0;
}

/* Address of [addr, addr+size) when wholly inside one region with perm, else NULL. */
static inline uint8_t *check(const fc_container_t *c, uint64_t addr, uint32_t size, uint32_t perm)
{
    if (addr > (uint64_t)UINTPTR_MAX)
        return 0;
    uintptr_t a = (uintptr_t)addr;
    for (uint32_t i = 0; i < c->nregions; i++) {
        const fc_region_t *r = &c->regions[i];
        uintptr_t off = a - r->start;
        if (a >= r->start && off < r->len && size <= r->len - off && (r->perm & perm) == perm)
            return (uint8_t *)a;
    }
    return 0;
}

/* NUL-terminated string inside one readable region, else NULL. */
static const char *check_str(const fc_container_t *c, uint64_t addr)
{
    if (addr > (uint64_t)UINTPTR_MAX)
        return 0;
    uintptr_t a = (uintptr_t)addr;
    for (uint32_t i = 0; i < c->nregions; i++) {
        const fc_region_t *r = &c->regions[i];
        if (a < r->start || a - r->start >= r->len || !(r->perm & FC_R))
            continue;
        const char *s = (const char *)a;
        for (uintptr_t k = 0; k < r->len - (a - r->start); k++)
            if (s[k] == 0)
                return s;
        return 0;
    }
    return 0;
}

static inline uint64_t ld(const uint8_t *p, uint32_t size)
{
    if (((uintptr_t)p & (size - 1)) == 0) {
        switch (size) {
        case 1: return *p;
        case 2: return *(const uint16_t *)p;
        case 4: return *(const uint32_t *)p;
        default: return (uint64_t)((const uint32_t *)p)[0] | (uint64_t)((const uint32_t *)p)[1] << 32;
        }
    }
    uint64_t v = 0;
    for (uint32_t i = 0; i < size; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void st(uint8_t *p, uint32_t size, uint64_t v)
{
    if (((uintptr_t)p & (size - 1)) == 0) {
        switch (size) {
        case 1: *p = (uint8_t)v; return;
        case 2: *(uint16_t *)p = (uint16_t)v; return;
        case 4: *(uint32_t *)p = (uint32_t)v; return;
        default:
            ((uint32_t *)p)[0] = (uint32_t)v;
            ((uint32_t *)p)[1] = (uint32_t)(v >> 32);
            return;
        }
    }
    for (uint32_t i = 0; i < size; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

__attribute__((weak)) void fc_output(const char *s, size_t len)
{
    k_write(s, len);
}

/* printf helper: %d %i %u %x %c %s %% with optional l/ll, at most FC_PRINTF_MAX bytes per call. */
static int helper_printf(fc_container_t *c, uint64_t *r)
{
    const char *fmt = check_str(c, r[1]);
    if (!fmt)
        return FC_ILLEGAL_MEM;
    char out[FC_PRINTF_MAX];
    uint32_t n = 0;
    int arg = 2;
#define PUT(ch) do { if (n < FC_PRINTF_MAX) out[n++] = (ch); } while (0)
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            PUT(*p);
            continue;
        }
        const char *q = p + 1;
        int longs = 0;
        while (*q == 'l' && longs < 2) {
            longs++;
            q++;
        }
        char conv = *q;
        if (conv == '%') {
            PUT('%');
            p = q;
            continue;
        }
        if (conv != 'd' && conv != 'i' && conv != 'u' && conv != 'x' && conv != 'c' && conv != 's') {
            for (const char *k = p; k <= q && *k; k++)
                PUT(*k);
            if (!*q)
                break;
            p = q;
            continue;
        }
        uint64_t v = arg <= 5 ? r[arg] : 0;
        arg++;
        char num[24];
        size_t len = 0;
        switch (conv) {
        case 'd':
        case 'i': {
            int64_t sv = longs ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
            uint64_t m = sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv;
            if (sv < 0)
                num[len++] = '-';
            len += k_u64_to_str(num + len, m, 10, 0);
            break;
        }
        case 'u':
            len = k_u64_to_str(num, longs ? v : (uint32_t)v, 10, 0);
            break;
        case 'x':
            len = k_u64_to_str(num, longs ? v : (uint32_t)v, 16, 0);
            break;
        case 'c':
            num[0] = (char)v;
            len = 1;
            break;
        case 's': {
            const char *s = check_str(c, v);
            if (!s)
                return FC_ILLEGAL_MEM;
            for (; *s; s++)
                PUT(*s);
            break;
        }
        }
        for (size_t k = 0; k < len; k++)
            PUT(num[k]);
        p = q;
    }
#undef PUT
    fc_output(out, n);
    r[0] = n;
    return FC_OK;
}

static int call_helper(fc_container_t *c, int32_t id, uint64_t *r)
{
    switch (id) {
    case 0x01:
        return helper_printf(c, r);
    case 0x02: {
        uint64_t len = r[3];
        if (len > 0xffffffffull)
            return FC_ILLEGAL_MEM;
        if (len) {
            uint8_t *d = check(c, r[1], (uint32_t)len, FC_W);
            uint8_t *s = check(c, r[2], (uint32_t)len, FC_R);
            if (!d || !s)
                return FC_ILLEGAL_MEM;
            memmove(d, s, (size_t)len);
        }
        r[0] = r[1];
        return FC_OK;
    }
    case 0x10:
    case 0x11:
        r[0] = (uint64_t)(int64_t)fc_kv_store(id == 0x10 ? &c->kv : &fc_kv_global, (uint32_t)r[1], (int64_t)r[2]);
        return FC_OK;
    case 0x12:
    case 0x13: {
        uint8_t *p = check(c, r[2], 8, FC_W);
        if (!p)
            return FC_ILLEGAL_MEM;
        st(p, 8, (uint64_t)fc_kv_fetch(id == 0x12 ? &c->kv : &fc_kv_global, (uint32_t)r[1]));
        r[0] = 0;
        return FC_OK;
    }
    case 0x20:
        r[0] = k_uptime_us() / 1000u;
        return FC_OK;
    case 0x21:
        r[0] = k_uptime_us();
        return FC_OK;
    case 0x30: {
        int32_t v;
        r[0] = port_sensor_read((uint32_t)r[1], &v) == 0 ? (uint64_t)(int64_t)v : (uint64_t)-1;
        return FC_OK;
    }
    case 0x40:
        port_gpio_set((uint32_t)r[1], (uint32_t)r[2]);
        r[0] = 0;
        return FC_OK;
    default:
        return FC_ILLEGAL_CALL;
    }
}

__attribute__((noinline)) int fc_container_run(fc_container_t *c, void *ctx, uint32_t ctx_len, bool ctx_writable,
                                               int64_t *result)
{
    uint64_t r[11];
    const fc_insn_t *text = (const fc_insn_t *)c->text;
    const uint32_t n = c->text_len / 8;
    uint32_t pc = c->entry;
    uint32_t branches = 0;
    const uint32_t budget = c->budget;
    int code = FC_OK;

    c->regions[0] = (fc_region_t){(uintptr_t)ctx, ctx ? ctx_len : 0, ctx_writable ? (FC_R | FC_W) : FC_R};
    for (int i = 0; i < 11; i++)
        r[i] = 0;
    r[1] = (uintptr_t)ctx;
    r[10] = (uintptr_t)c->stack + FC_STACK_SIZE;

    for (;;) {
        if (pc >= n) {   /* only reachable without pre-flight verification */
            code = FC_ILLEGAL_JUMP;
            break;
        }
        const fc_insn_t *i = &text[pc];
        const uint32_t d = i->regs & 0x0f, s = i->regs >> 4;
        if (d > 10 || s > 10) {
            code = FC_ILLEGAL_REGISTER;
            break;
        }
        const uint64_t imm = (uint64_t)(int64_t)i->imm;
        switch (i->op) {
        /* ALU64 immediate / register */
        case 0x07: r[d] += imm; break;
        case 0x0f: r[d] += r[s]; break;
        case 0x17: r[d] -= imm; break;
        case 0x1f: r[d] -= r[s]; break;
        case 0x27: r[d] *= imm; break;
        case 0x2f: r[d] *= r[s]; break;
        case 0x37:
            if (imm == 0) { code = FC_ILLEGAL_DIV; goto out; }
            r[d] /= imm; break;
        case 0x3f:
            if (r[s] == 0) { code = FC_ILLEGAL_DIV; goto out; }
            r[d] /= r[s]; break;
        case 0x47: r[d] |= imm; break;
        case 0x4f: r[d] |= r[s]; break;
        case 0x57: r[d] &= imm; break;
        case 0x5f: r[d] &= r[s]; break;
        case 0x67: r[d] <<= (imm & 63); break;
        case 0x6f: r[d] <<= (r[s] & 63); break;
        case 0x77: r[d] >>= (imm & 63); break;
        case 0x7f: r[d] >>= (r[s] & 63); break;
        case 0x87:
        case 0x8f: r[d] = (uint64_t)0 - r[d]; break;
        case 0x97:
            if (imm == 0) { code = FC_ILLEGAL_DIV; goto out; }
            r[d] %= imm; break;
        case 0x9f:
            if (r[s] == 0) { code = FC_ILLEGAL_DIV; goto out; }
            r[d] %= r[s]; break;
        case 0xa7: r[d] ^= imm; break;
        case 0xaf: r[d] ^= r[s]; break;
        case 0xb7: r[d] = imm; break;
        case 0xbf: r[d] = r[s]; break;
        case 0xc7: r[d] = (uint64_t)((int64_t)r[d] >> (imm & 63)); break;
        case 0xcf: r[d] = (uint64_t)((int64_t)r[d] >> (r[s] & 63)); break;

        /* two-slot loads */
        case 0x18:
        case 0xb8:
        case 0xd8: {
            if (pc + 1 >= n) { code = FC_ILLEGAL_INSTRUCTION; goto out; }
            uint64_t hi = (uint64_t)(uint32_t)text[pc + 1].imm << 32;
            if (i->op == 0x18)
                r[d] = (uint32_t)i->imm | hi;
            else
                r[d] = (uint64_t)(uintptr_t)(i->op == 0xb8 ? c->data : c->rodata) + imm + hi;
            pc++;
            break;
        }

        /* loads and stores */
#define LDX(size) { uint8_t *p = check(c, r[s] + (uint64_t)(int64_t)i->off, size, FC_R); \
                    if (!p) { code = FC_ILLEGAL_MEM; goto out; } r[d] = ld(p, size); break; }
#define STM(size, val) { uint8_t *p = check(c, r[d] + (uint64_t)(int64_t)i->off, size, FC_W); \
                    if (!p) { code = FC_ILLEGAL_MEM; goto out; } st(p, size, val); break; }
        case 0x61: LDX(4)
        case 0x69: LDX(2)
        case 0x71: LDX(1)
        case 0x79: LDX(8)
        case 0x62: STM(4, imm)
        case 0x6a: STM(2, imm)
        case 0x72: STM(1, imm)
        case 0x7a: STM(8, imm)
        case 0x63: STM(4, r[s])
        case 0x6b: STM(2, r[s])
        case 0x73: STM(1, r[s])
        case 0x7b: STM(8, r[s])
#undef LDX
#undef STM

        /* jumps */
#define JMP(cond) { if (cond) { if (branches >= budget) { code = FC_OUT_OF_BRANCHES; goto out; } \
                    branches++; pc = (uint32_t)((int32_t)pc + i->off); } break; }
        case 0x05: JMP(1)
        case 0x15: JMP(r[d] == imm)
        case 0x1d: JMP(r[d] == r[s])
        case 0x25: JMP(r[d] > imm)
        case 0x2d: JMP(r[d] > r[s])
        case 0x35: JMP(r[d] >= imm)
        case 0x3d: JMP(r[d] >= r[s])
        case 0x45: JMP(r[d] & imm)
        case 0x4d: JMP(r[d] & r[s])
        case 0x55: JMP(r[d] != imm)
        case 0x5d: JMP(r[d] != r[s])
        case 0x65: JMP((int64_t)r[d] > (int64_t)imm)
        case 0x6d: JMP((int64_t)r[d] > (int64_t)r[s])
        case 0x75: JMP((int64_t)r[d] >= (int64_t)imm)
        case 0x7d: JMP((int64_t)r[d] >= (int64_t)r[s])
        case 0xa5: JMP(r[d] < imm)
        case 0xad: JMP(r[d] < r[s])
        case 0xb5: JMP(r[d] <= imm)
        case 0xbd: JMP(r[d] <= r[s])
        case 0xc5: JMP((int64_t)r[d] < (int64_t)imm)
        case 0xcd: JMP((int64_t)r[d] < (int64_t)r[s])
        case 0xd5: JMP((int64_t)r[d] <= (int64_t)imm)
        case 0xdd: JMP((int64_t)r[d] <= (int64_t)r[s])
#undef JMP
        case 0x85:
            code = call_helper(c, i->imm, r);
            if (code != FC_OK)
                goto out;
            break;
        case 0x95:
            goto out;
        default:
            code = FC_ILLEGAL_INSTRUCTION;
            goto out;
        }
        pc++;
    }
out:
    c->last_code = code;
    c->last_pc = pc;
    c->branches = branches;
    c->runs++;
    c->regions[0].len = 0;
    if (result)
        *result = (int64_t)r[0];
    return code;
}

const char *fc_error_name(int code)
{
    switch (code) {
    case FC_OK: return "ok";
    case FC_ILLEGAL_INSTRUCTION: return "illegal instruction";
    case FC_ILLEGAL_MEM: return "illegal memory access";
    case FC_ILLEGAL_JUMP: return "illegal jump";
    case FC_ILLEGAL_CALL: return "illegal call";
    case FC_ILLEGAL_LEN: return "illegal length";
    case FC_ILLEGAL_REGISTER: return "illegal register";
    case FC_NO_RETURN: return "no return";
    case FC_OUT_OF_BRANCHES: return "out of branches";
    case FC_ILLEGAL_DIV: return "division by zero";
    case FC_BAD_IMAGE: return "bad image header";
    default: return "unknown";
    }
}

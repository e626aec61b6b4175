/*
 * GObject anchor for the QOM performance workload (the workload is described in benchmarks/README.md).
 *
 * Builds the workload's type universe with GLib's GType/GObject system
 * (device -> pci-device -> bench-leaf with 8 GParamSpec properties, the
 * bench-iface interface and 200 filler siblings), then measures W1..W9 and
 * prints the results as JSON on stdout (a readable table goes to stderr).
 *
 * Build and run:  make run        (or: make && ./bench > result.json)
 * Options:        ./bench [--reps N] [--batch-ms MS] [--w8-runs N] [--only ID]
 *                 (--only runs just one operation, e.g. W1 or W8, for profiling)
 *
 * Measurement: every loop-measured operation is warmed up and calibrated so
 * that one batch takes about --batch-ms milliseconds, then timed for --reps
 * batches with CLOCK_MONOTONIC; the JSON reports median/min/max/quartiles of
 * ns/op over the batches. W8 (one-shot mass registration) is run in --w8-runs
 * fork()ed children of the freshly set-up process, so every run starts from
 * the same state.
 *
 * The batches of all operations are interleaved (batch 1 of every operation,
 * then batch 2, ...), so that a slow phase of a shared machine (seen here:
 * phases of several seconds in which everything runs ~1.7x slower) spreads
 * over all operations instead of shifting the median of one of them.
 */
#include <glib-object.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ======================================================================== */
/* Type definitions                                                         */
/* ======================================================================== */

/*
 * G_DEFINE_TYPE_WITH_CODE derives the registered type name from the C
 * identifier ("BenchDevice"). The workload needs QOM-style names ("device",
 * "bench-leaf"), so this macro is G_DEFINE_TYPE_WITH_CODE's expansion with an
 * explicit name: the same get_type() with g_once_init_enter(), the same
 * parent_class pointer and class_intern_init trampoline.
 */
#define BENCH_DEFINE_TYPE(TN, t_n, NAME, T_P, FLAGS, CODE)                    \
    static void t_n##_init(TN *self);                                         \
    static void t_n##_class_init(TN##Class *klass);                           \
    static gpointer t_n##_parent_class = NULL;                                \
    static void t_n##_class_intern_init(gpointer klass)                       \
    {                                                                         \
        t_n##_parent_class = g_type_class_peek_parent(klass);                 \
        t_n##_class_init((TN##Class *)klass);                                 \
    }                                                                         \
    GType t_n##_get_type(void)                                                \
    {                                                                         \
        static gsize static_type_id = 0;                                      \
        if (g_once_init_enter(&static_type_id)) {                             \
            GType g_define_type_id = g_type_register_static_simple(           \
                T_P, g_intern_static_string(NAME), sizeof(TN##Class),         \
                (GClassInitFunc)(void (*)(void))t_n##_class_intern_init,      \
                sizeof(TN), (GInstanceInitFunc)(void (*)(void))t_n##_init,    \
                (GTypeFlags)(FLAGS));                                         \
            { CODE; }                                                         \
            g_once_init_leave(&static_type_id, g_define_type_id);             \
        }                                                                     \
        return static_type_id;                                                \
    }

/* ---- device (abstract) ------------------------------------------------- */

typedef struct {
    GObject parent_instance;
    gboolean realized;     /* init: FALSE */
    gboolean hotpluggable; /* init: TRUE  */
    char *id;              /* init: NULL  */
} BenchDevice;

typedef struct {
    GObjectClass parent_class;
    void (*realize)(BenchDevice *dev);
} BenchDeviceClass;

GType bench_device_get_type(void);
#define BENCH_TYPE_DEVICE (bench_device_get_type())

BENCH_DEFINE_TYPE(BenchDevice, bench_device, "device", G_TYPE_OBJECT,
                  G_TYPE_FLAG_ABSTRACT, {})

static void bench_device_finalize(GObject *obj)
{
    g_free(((BenchDevice *)obj)->id);
    G_OBJECT_CLASS(bench_device_parent_class)->finalize(obj);
}

static void bench_device_class_init(BenchDeviceClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = bench_device_finalize;
}

static void bench_device_init(BenchDevice *self)
{
    self->realized = FALSE;
    self->hotpluggable = TRUE;
    self->id = NULL;
}

/* ---- pci-device (abstract) --------------------------------------------- */

typedef struct {
    BenchDevice parent_instance;
    gint32 devfn; /* init: -1 */
} BenchPciDevice;

typedef struct {
    BenchDeviceClass parent_class;
    guint16 vendor_id;
    guint16 device_id;
} BenchPciDeviceClass;

GType bench_pci_device_get_type(void);
#define BENCH_TYPE_PCI_DEVICE (bench_pci_device_get_type())

BENCH_DEFINE_TYPE(BenchPciDevice, bench_pci_device, "pci-device",
                  BENCH_TYPE_DEVICE, G_TYPE_FLAG_ABSTRACT, {})

static void bench_pci_device_class_init(BenchPciDeviceClass *klass)
{
    klass->vendor_id = 0x8086;
}

static void bench_pci_device_init(BenchPciDevice *self)
{
    self->devfn = -1;
}

/* ---- bench-iface (interface) ------------------------------------------- */

typedef struct _BenchIface BenchIface; /* opaque instance type */

typedef struct {
    GTypeInterface g_iface;
    int (*get_level)(BenchIface *self);
} BenchIfaceInterface;

static void bench_iface_default_init(BenchIfaceInterface *iface)
{
    (void)iface;
}

/* G_DEFINE_INTERFACE's expansion, with the explicit name "bench-iface". */
GType bench_iface_get_type(void)
{
    static gsize static_type_id = 0;
    if (g_once_init_enter(&static_type_id)) {
        GType t = g_type_register_static_simple(
            G_TYPE_INTERFACE, g_intern_static_string("bench-iface"),
            sizeof(BenchIfaceInterface),
            (GClassInitFunc)(void (*)(void))bench_iface_default_init, 0, NULL,
            (GTypeFlags)0);
        g_type_interface_add_prerequisite(t, G_TYPE_OBJECT);
        g_once_init_leave(&static_type_id, t);
    }
    return static_type_id;
}
#define BENCH_TYPE_IFACE (bench_iface_get_type())

/* ---- bench-leaf (concrete, 8 properties, implements bench-iface) ------- */

typedef enum {
    BENCH_MODE_LEGACY = 0,
    BENCH_MODE_SCALABLE = 1,
    BENCH_MODE_PASSTHROUGH = 2,
} BenchMode;

static GType bench_mode_get_type(void)
{
    static gsize static_type_id = 0;
    static const GEnumValue values[] = {
        {BENCH_MODE_LEGACY, "BENCH_MODE_LEGACY", "legacy"},
        {BENCH_MODE_SCALABLE, "BENCH_MODE_SCALABLE", "scalable"},
        {BENCH_MODE_PASSTHROUGH, "BENCH_MODE_PASSTHROUGH", "passthrough"},
        {0, NULL, NULL},
    };
    if (g_once_init_enter(&static_type_id)) {
        GType t = g_enum_register_static(g_intern_static_string("BenchMode"),
                                         values);
        g_once_init_leave(&static_type_id, t);
    }
    return static_type_id;
}

typedef struct {
    BenchPciDevice parent_instance;
    gboolean caching_mode; /* "caching-mode" bool   default FALSE        */
    gboolean intremap;     /* "intremap"     bool   default TRUE         */
    guint8 aw_bits;        /* "aw-bits"      uint8  default 39           */
    guint16 num_queues;    /* "num-queues"   uint16 default 4            */
    gint32 bus_nr;         /* "bus-nr"       int32  default -1           */
    guint64 dma_limit;     /* "dma-limit"    uint64 default UINT64_MAX   */
    char *name;            /* "name"         string default NULL         */
    BenchMode mode;        /* "mode"         enum   default legacy       */
} BenchLeaf;

typedef struct {
    BenchPciDeviceClass parent_class;
} BenchLeafClass;

enum {
    PROP_0,
    PROP_CACHING_MODE,
    PROP_INTREMAP,
    PROP_AW_BITS,
    PROP_NUM_QUEUES,
    PROP_BUS_NR,
    PROP_DMA_LIMIT,
    PROP_NAME,
    PROP_MODE,
    N_PROPS
};

static void bench_leaf_iface_init(BenchIfaceInterface *iface);

GType bench_leaf_get_type(void);
#define BENCH_TYPE_LEAF (bench_leaf_get_type())

BENCH_DEFINE_TYPE(BenchLeaf, bench_leaf, "bench-leaf", BENCH_TYPE_PCI_DEVICE,
                  0, G_IMPLEMENT_INTERFACE(BENCH_TYPE_IFACE,
                                           bench_leaf_iface_init))

static int bench_leaf_get_level(BenchIface *self)
{
    return ((BenchLeaf *)self)->aw_bits;
}

static void bench_leaf_iface_init(BenchIfaceInterface *iface)
{
    iface->get_level = bench_leaf_get_level;
}

static void bench_leaf_set_property(GObject *obj, guint prop_id,
                                    const GValue *value, GParamSpec *pspec)
{
    BenchLeaf *self = (BenchLeaf *)obj;
    switch (prop_id) {
    case PROP_CACHING_MODE: self->caching_mode = g_value_get_boolean(value); break;
    case PROP_INTREMAP:     self->intremap = g_value_get_boolean(value); break;
    case PROP_AW_BITS:      self->aw_bits = g_value_get_uchar(value); break;
    case PROP_NUM_QUEUES:   self->num_queues = (guint16)g_value_get_uint(value); break;
    case PROP_BUS_NR:       self->bus_nr = g_value_get_int(value); break;
    case PROP_DMA_LIMIT:    self->dma_limit = g_value_get_uint64(value); break;
    case PROP_NAME:
        g_free(self->name);
        self->name = g_value_dup_string(value);
        break;
    case PROP_MODE:         self->mode = (BenchMode)g_value_get_enum(value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(obj, prop_id, pspec);
    }
}

static void bench_leaf_get_property(GObject *obj, guint prop_id, GValue *value,
                                    GParamSpec *pspec)
{
    BenchLeaf *self = (BenchLeaf *)obj;
    switch (prop_id) {
    case PROP_CACHING_MODE: g_value_set_boolean(value, self->caching_mode); break;
    case PROP_INTREMAP:     g_value_set_boolean(value, self->intremap); break;
    case PROP_AW_BITS:      g_value_set_uchar(value, self->aw_bits); break;
    case PROP_NUM_QUEUES:   g_value_set_uint(value, self->num_queues); break;
    case PROP_BUS_NR:       g_value_set_int(value, self->bus_nr); break;
    case PROP_DMA_LIMIT:    g_value_set_uint64(value, self->dma_limit); break;
    case PROP_NAME:         g_value_set_string(value, self->name); break;
    case PROP_MODE:         g_value_set_enum(value, self->mode); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(obj, prop_id, pspec);
    }
}

static void bench_leaf_finalize(GObject *obj)
{
    g_free(((BenchLeaf *)obj)->name);
    G_OBJECT_CLASS(bench_leaf_parent_class)->finalize(obj);
}

static void bench_leaf_class_init(BenchLeafClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    const GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
    GParamSpec *props[N_PROPS] = {NULL};

    oc->set_property = bench_leaf_set_property;
    oc->get_property = bench_leaf_get_property;
    oc->finalize = bench_leaf_finalize;

    props[PROP_CACHING_MODE] = g_param_spec_boolean("caching-mode", NULL, NULL, FALSE, f);
    props[PROP_INTREMAP] = g_param_spec_boolean("intremap", NULL, NULL, TRUE, f);
    props[PROP_AW_BITS] = g_param_spec_uchar("aw-bits", NULL, NULL, 0, G_MAXUINT8, 39, f);
    props[PROP_NUM_QUEUES] = g_param_spec_uint("num-queues", NULL, NULL, 0, G_MAXUINT16, 4, f);
    props[PROP_BUS_NR] = g_param_spec_int("bus-nr", NULL, NULL, G_MININT32, G_MAXINT32, -1, f);
    props[PROP_DMA_LIMIT] = g_param_spec_uint64("dma-limit", NULL, NULL, 0, G_MAXUINT64,
                                                G_MAXUINT64, f);
    props[PROP_NAME] = g_param_spec_string("name", NULL, NULL, NULL, f);
    props[PROP_MODE] = g_param_spec_enum("mode", NULL, NULL, bench_mode_get_type(),
                                         BENCH_MODE_LEGACY, f);
    g_object_class_install_properties(oc, N_PROPS, props);
}

/*
 * Defaults are applied by instance init, the GObject idiom (GParamSpec
 * defaults are metadata; only G_PARAM_CONSTRUCT properties are set through
 * the property machinery at construction).
 */
static void bench_leaf_init(BenchLeaf *self)
{
    self->caching_mode = FALSE;
    self->intremap = TRUE;
    self->aw_bits = 39;
    self->num_queues = 4;
    self->bus_nr = -1;
    self->dma_limit = G_MAXUINT64;
    self->name = NULL;
    self->mode = BENCH_MODE_LEGACY;
}

/* ---- fillers and dynamically registered types -------------------------- */

/* A concrete pci-device child without properties or init functions. */
static const GTypeInfo plain_pci_child_info = {
    .class_size = sizeof(BenchPciDeviceClass),
    .instance_size = sizeof(BenchPciDevice),
};

#define N_FILLERS 200
#define N_DYN 2000

static void register_universe(void)
{
    char name[32];

    (void)BENCH_TYPE_DEVICE;
    (void)BENCH_TYPE_PCI_DEVICE;
    (void)BENCH_TYPE_IFACE;
    (void)BENCH_TYPE_LEAF;
    for (int i = 0; i < N_FILLERS; i++) {
        snprintf(name, sizeof(name), "filler-%03d", i);
        g_type_register_static(BENCH_TYPE_PCI_DEVICE, name,
                               &plain_pci_child_info, 0);
    }
    /* Initialise bench-leaf's class: create and destroy one instance. */
    g_object_unref(g_object_new(BENCH_TYPE_LEAF, NULL));
}

/* ======================================================================== */
/* The generic string -> property path (W6, W9)                             */
/* ======================================================================== */

#define BENCH_ERROR (g_quark_from_static_string("bench-error"))

static gboolean parse_bool(const char *s, gboolean *out)
{
    if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *out = TRUE;
        return TRUE;
    }
    if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *out = FALSE;
        return TRUE;
    }
    return FALSE;
}

/*
 * Set property @name of @obj from the string @str: find its GParamSpec, parse
 * the string according to the property's value type (range-checked against
 * the GParamSpec's minimum/maximum) and store it with g_object_set_property(),
 * which also queues the default "notify" emission.
 */
static gboolean set_prop_from_string(GObject *obj, const char *name,
                                     const char *str, GError **err)
{
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(obj), name);
    GValue v = G_VALUE_INIT;
    guint64 u;
    gint64 s;

    if (!pspec) {
        g_set_error(err, BENCH_ERROR, 1, "no property '%s'", name);
        return FALSE;
    }
    switch (G_TYPE_FUNDAMENTAL(G_PARAM_SPEC_VALUE_TYPE(pspec))) {
    case G_TYPE_BOOLEAN: {
        gboolean b;
        if (!parse_bool(str, &b)) {
            g_set_error(err, BENCH_ERROR, 2, "'%s' is not a bool", str);
            return FALSE;
        }
        g_value_init(&v, G_TYPE_BOOLEAN);
        g_value_set_boolean(&v, b);
        break;
    }
    case G_TYPE_UCHAR: {
        GParamSpecUChar *p = G_PARAM_SPEC_UCHAR(pspec);
        if (!g_ascii_string_to_unsigned(str, 10, p->minimum, p->maximum, &u, err))
            return FALSE;
        g_value_init(&v, G_TYPE_UCHAR);
        g_value_set_uchar(&v, (guchar)u);
        break;
    }
    case G_TYPE_UINT: {
        GParamSpecUInt *p = G_PARAM_SPEC_UINT(pspec);
        if (!g_ascii_string_to_unsigned(str, 10, p->minimum, p->maximum, &u, err))
            return FALSE;
        g_value_init(&v, G_TYPE_UINT);
        g_value_set_uint(&v, (guint)u);
        break;
    }
    case G_TYPE_INT: {
        GParamSpecInt *p = G_PARAM_SPEC_INT(pspec);
        if (!g_ascii_string_to_signed(str, 10, p->minimum, p->maximum, &s, err))
            return FALSE;
        g_value_init(&v, G_TYPE_INT);
        g_value_set_int(&v, (gint)s);
        break;
    }
    case G_TYPE_UINT64: {
        GParamSpecUInt64 *p = G_PARAM_SPEC_UINT64(pspec);
        if (!g_ascii_string_to_unsigned(str, 10, p->minimum, p->maximum, &u, err))
            return FALSE;
        g_value_init(&v, G_TYPE_UINT64);
        g_value_set_uint64(&v, u);
        break;
    }
    case G_TYPE_STRING:
        g_value_init(&v, G_TYPE_STRING);
        g_value_set_string(&v, str);
        break;
    case G_TYPE_ENUM: {
        GEnumValue *ev = g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(pspec)->enum_class, str);
        if (!ev) {
            g_set_error(err, BENCH_ERROR, 3, "'%s' is not a value of '%s'", str, name);
            return FALSE;
        }
        g_value_init(&v, G_PARAM_SPEC_VALUE_TYPE(pspec));
        g_value_set_enum(&v, ev->value);
        break;
    }
    default:
        g_set_error(err, BENCH_ERROR, 4, "property '%s' has an unsupported type", name);
        return FALSE;
    }
    g_object_set_property(obj, name, &v);
    g_value_unset(&v);
    return TRUE;
}

/*
 * The "-device" path (W9): "driver,key=value,..." -> new object with the
 * properties set. The option string is tokenised in place in a stack copy
 * (no heap allocation for the parsing itself).
 */
static GObject *device_from_string(const char *spec, GError **err)
{
    char buf[256];
    char *p, *next;
    GType type;
    GObject *obj;

    if (g_strlcpy(buf, spec, sizeof(buf)) >= sizeof(buf)) {
        g_set_error(err, BENCH_ERROR, 5, "option string too long");
        return NULL;
    }
    next = strchr(buf, ',');
    if (next)
        *next++ = '\0';
    type = g_type_from_name(buf);
    if (!type || G_TYPE_IS_ABSTRACT(type) || !g_type_is_a(type, BENCH_TYPE_DEVICE)) {
        g_set_error(err, BENCH_ERROR, 6, "'%s' is not a device type", buf);
        return NULL;
    }
    obj = g_object_new(type, NULL);
    for (p = next; p; p = next) {
        char *eq;
        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        eq = strchr(p, '=');
        if (!eq) {
            g_set_error(err, BENCH_ERROR, 7, "'%s': expected key=value", p);
            g_object_unref(obj);
            return NULL;
        }
        *eq = '\0';
        if (!set_prop_from_string(obj, p, eq + 1, err)) {
            g_object_unref(obj);
            return NULL;
        }
    }
    return obj;
}

/* ======================================================================== */
/* Workload operations                                                      */
/* ======================================================================== */

/* Runtime name strings (set up in main), so nothing is resolved at compile
 * time. */
static char *n_leaf, *n_device, *n_filler, *n_iface, *n_awbits, *v_48, *n_spec;
static GObject *the_obj;                   /* a bench-leaf for W3..W7 */
static GType t_device, t_filler, t_iface;  /* pre-resolved, for W3h..W5h */
static volatile uintptr_t sink;            /* consumes every result */

#define CONSUME(x) (sink ^= (uintptr_t)(x))

/* The inputs as run-time strings, the W3..W7 object, the pre-resolved types. */
static void setup_inputs(void)
{
    n_leaf = g_strdup("bench-leaf");
    n_device = g_strdup("device");
    n_filler = g_strdup("filler-100");
    n_iface = g_strdup("bench-iface");
    n_awbits = g_strdup("aw-bits");
    v_48 = g_strdup("48");
    n_spec = g_strdup("bench-leaf,aw-bits=48,caching-mode=on,name=x");
    the_obj = g_object_new(g_type_from_name(n_leaf), NULL);
    t_device = g_type_from_name(n_device);
    t_filler = g_type_from_name(n_filler);
    t_iface = g_type_from_name(n_iface);
}

static void w1_create(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        GObject *o = g_object_new(g_type_from_name(n_leaf), NULL);
        CONSUME(o);
        g_object_unref(o);
    }
}

static void w2_class_lookup(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(g_type_class_peek(g_type_from_name(n_leaf)));
}

static inline gpointer dyn_cast(GObject *o, const char *type_name)
{
    GType t = g_type_from_name(type_name);
    return t && g_type_check_instance_is_a((GTypeInstance *)o, t) ? o : NULL;
}

static void w3_cast_hit(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(dyn_cast(the_obj, n_device));
}

static void w4_cast_miss(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(dyn_cast(the_obj, n_filler));
}

static void w5_cast_iface(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(dyn_cast(the_obj, n_iface));
}

static void w6_set_int(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(set_prop_from_string(the_obj, n_awbits, v_48, NULL));
}

static void w7_get_int(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        guint8 v = 0;
        g_object_get(the_obj, n_awbits, &v, NULL);
        CONSUME((guint64)v);
    }
}

static void w9_device_string(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        GObject *o = device_from_string(n_spec, NULL);
        CONSUME(o);
        g_object_unref(o);
    }
}

/* Supplementary: the casts with a pre-resolved GType (the usual GObject
 * idiom, e.g. BENCH_DEVICE(obj) or G_TYPE_CHECK_INSTANCE_TYPE). */
static void w3h_cast_hit(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(g_type_check_instance_is_a((GTypeInstance *)the_obj, t_device) ? the_obj : NULL);
}

static void w4h_cast_miss(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(g_type_check_instance_is_a((GTypeInstance *)the_obj, t_filler) ? the_obj : NULL);
}

static void w5h_cast_iface(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(g_type_check_instance_is_a((GTypeInstance *)the_obj, t_iface) ? the_obj : NULL);
}

/* Supplementary: the checked-cast macro a GObject programmer writes,
 * G_TYPE_CHECK_INSTANCE_CAST(obj, type, BenchDevice), to an ancestor. */
static void w3c_checked_cast(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        CONSUME(G_TYPE_CHECK_INSTANCE_CAST(the_obj, t_device, BenchDevice));
}

/* ======================================================================== */
/* Measurement harness                                                      */
/* ======================================================================== */

static int opt_reps = 21;
static int opt_batch_ms = 50;
static int opt_w8_runs = 9;
static const char *opt_only = NULL;

typedef struct {
    const char *id;
    const char *desc;
    void (*fn)(uint64_t n);
    int supplementary;
    /* results */
    double median, min, max, q1, q3;
    uint64_t iters;
} Bench;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile of a sorted array by linear interpolation. */
static double quantile(const double *v, int n, double q)
{
    double pos = q * (n - 1);
    int lo = (int)pos;
    int hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/* Warm an operation up and choose its batch size (about --batch-ms). */
static void calibrate(Bench *b)
{
    double target = opt_batch_ms * 1e6, t;
    uint64_t n = 1;

    b->fn(1000); /* warm-up */
    /* Grow n until one batch takes >= 1/8 of the target, then scale. */
    for (;;) {
        t = now_ns();
        b->fn(n);
        t = now_ns() - t;
        if (t >= target / 8)
            break;
        n *= 2;
    }
    n = (uint64_t)(n * target / t);
    b->iters = n < 1 ? 1 : n;
}

/* Median, quartiles and extremes of the @opt_reps per-batch ns/op values. */
static void summarise(Bench *b, double *per_op)
{
    qsort(per_op, opt_reps, sizeof(double), cmp_double);
    b->median = quantile(per_op, opt_reps, 0.5);
    b->q1 = quantile(per_op, opt_reps, 0.25);
    b->q3 = quantile(per_op, opt_reps, 0.75);
    b->min = per_op[0];
    b->max = per_op[opt_reps - 1];
}

/* Calibrate every operation, then time --reps rounds of one batch of each
 * operation (interleaved, see the header comment). */
static void run_benches(Bench *benches, int nb)
{
    double *per_op = g_new(double, (gsize)nb * opt_reps);

    for (int i = 0; i < nb; i++)
        calibrate(&benches[i]);
    for (int r = 0; r < opt_reps; r++) {
        for (int i = 0; i < nb; i++) {
            double t = now_ns();
            benches[i].fn(benches[i].iters);
            per_op[i * opt_reps + r] = (now_ns() - t) / (double)benches[i].iters;
        }
    }
    for (int i = 0; i < nb; i++)
        summarise(&benches[i], &per_op[i * opt_reps]);
    g_free(per_op);
}

/* W8, one run: register N_DYN types and look each up once (class init).
 * Names are prepared before the clock starts. Returns microseconds. */
static double w8_once(void)
{
    char **names = g_new(char *, N_DYN);
    double t;

    for (int i = 0; i < N_DYN; i++)
        names[i] = g_strdup_printf("dyn-%04d", i);

    t = now_ns();
    for (int i = 0; i < N_DYN; i++)
        g_type_register_static(BENCH_TYPE_PCI_DEVICE, names[i],
                               &plain_pci_child_info, 0);
    for (int i = 0; i < N_DYN; i++)
        CONSUME(g_type_class_ref(g_type_from_name(names[i])));
    t = now_ns() - t;
    return t / 1e3;
}

/* Run W8 in @runs forked children of the current (freshly set up) process. */
static void run_w8(double *runs_us, int runs)
{
    for (int r = 0; r < runs; r++) {
        int fds[2];
        pid_t pid;
        double us = -1;

        if (pipe(fds) != 0) {
            perror("pipe");
            exit(1);
        }
        fflush(NULL);
        pid = fork();
        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
            close(fds[0]);
            us = w8_once();
            if (write(fds[1], &us, sizeof(us)) != sizeof(us))
                _exit(1);
            _exit(0);
        }
        close(fds[1]);
        if (read(fds[0], &us, sizeof(us)) != sizeof(us))
            us = -1;
        close(fds[0]);
        waitpid(pid, NULL, 0);
        runs_us[r] = us;
    }
}

/* ======================================================================== */
/* Semantic self-check: the operations do what the workload says            */
/* ======================================================================== */

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "self-check failed: %s (line %d)\n", #cond,       \
                    __LINE__);                                                \
            exit(2);                                                          \
        }                                                                     \
    } while (0)

static void self_check(void)
{
    GError *err = NULL;
    BenchLeaf *l = (BenchLeaf *)g_object_new(g_type_from_name("bench-leaf"), NULL);
    guint8 aw = 0;
    GObject *o;

    /* defaults, including ancestors' instance init */
    CHECK(l->parent_instance.parent_instance.hotpluggable == TRUE);
    CHECK(l->parent_instance.devfn == -1);
    CHECK(!l->caching_mode && l->intremap && l->aw_bits == 39 && l->num_queues == 4);
    CHECK(l->bus_nr == -1 && l->dma_limit == G_MAXUINT64 && !l->name);
    CHECK(l->mode == BENCH_MODE_LEGACY);
    /* casts */
    CHECK(dyn_cast(G_OBJECT(l), "device") == l);
    CHECK(dyn_cast(G_OBJECT(l), "pci-device") == l);
    CHECK(dyn_cast(G_OBJECT(l), "filler-100") == NULL);
    CHECK(dyn_cast(G_OBJECT(l), "bench-iface") == l);
    CHECK(((BenchIfaceInterface *)g_type_interface_peek(G_OBJECT_GET_CLASS(l),
                                                        BENCH_TYPE_IFACE))
              ->get_level((BenchIface *)l) == 39);
    /* properties from strings, incl. errors */
    CHECK(set_prop_from_string(G_OBJECT(l), "aw-bits", "48", NULL));
    g_object_get(l, "aw-bits", &aw, NULL);
    CHECK(aw == 48);
    CHECK(!set_prop_from_string(G_OBJECT(l), "aw-bits", "256", &err));
    g_clear_error(&err);
    CHECK(!set_prop_from_string(G_OBJECT(l), "aw-bits", "4x", &err));
    g_clear_error(&err);
    CHECK(!set_prop_from_string(G_OBJECT(l), "num-queues", "65536", &err));
    g_clear_error(&err);
    CHECK(set_prop_from_string(G_OBJECT(l), "bus-nr", "-2147483648", NULL));
    CHECK(l->bus_nr == G_MININT32);
    CHECK(set_prop_from_string(G_OBJECT(l), "dma-limit", "18446744073709551615", NULL));
    CHECK(!set_prop_from_string(G_OBJECT(l), "caching-mode", "maybe", &err));
    g_clear_error(&err);
    CHECK(set_prop_from_string(G_OBJECT(l), "mode", "scalable", NULL));
    CHECK(l->mode == BENCH_MODE_SCALABLE);
    CHECK(!set_prop_from_string(G_OBJECT(l), "mode", "bogus", &err));
    g_clear_error(&err);
    CHECK(!set_prop_from_string(G_OBJECT(l), "no-such-prop", "1", &err));
    g_clear_error(&err);
    g_object_unref(l);
    /* the -device path */
    o = device_from_string("bench-leaf,aw-bits=48,caching-mode=on,name=x", &err);
    CHECK(o && !err);
    l = (BenchLeaf *)o;
    CHECK(l->aw_bits == 48 && l->caching_mode && !strcmp(l->name, "x"));
    g_object_unref(o);
    CHECK(!device_from_string("pci-device,aw-bits=48", &err));
    g_clear_error(&err);
    CHECK(!device_from_string("bench-leaf,aw-bits=300", &err));
    g_clear_error(&err);
}

/* ======================================================================== */
/* Output                                                                   */
/* ======================================================================== */

static void read_cpu_model(char *out, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];

    g_strlcpy(out, "unknown CPU", len);
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "model name", 10)) {
            char *c = strchr(line, ':');
            if (c) {
                g_strlcpy(out, g_strstrip(c + 1), len);
                break;
            }
        }
    }
    fclose(f);
}

static void read_os(char *out, size_t len)
{
    FILE *f = fopen("/etc/debian_version", "r");
    char v[64] = "";
    struct utsname u;

    uname(&u);
    if (f) {
        if (fgets(v, sizeof(v), f))
            g_strstrip(v);
        fclose(f);
        snprintf(out, len, "Debian %s, Linux %s", v, u.release);
    } else {
        snprintf(out, len, "Linux %s", u.release);
    }
}

static void print_stats_json(const Bench *b, int last)
{
    printf("    \"%s\": { \"median_ns\": %.2f, \"min_ns\": %.2f, \"max_ns\": %.2f, "
           "\"q1_ns\": %.2f, \"q3_ns\": %.2f, \"reps\": %d, \"iters_per_rep\": %llu, "
           "\"what\": \"%s\" }%s\n",
           b->id, b->median, b->min, b->max, b->q1, b->q3, opt_reps,
           (unsigned long long)b->iters, b->desc, last ? "" : ",");
}

int main(int argc, char **argv)
{
#define BENCH(ID, FN, SUPP, DESC) {.id = ID, .fn = FN, .supplementary = SUPP, .desc = DESC}
    Bench benches[] = {
        BENCH("W1", w1_create, 0, "g_type_from_name + g_object_new + g_object_unref"),
        BENCH("W2", w2_class_lookup, 0, "g_type_class_peek(g_type_from_name)"),
        BENCH("W3", w3_cast_hit, 0, "g_type_from_name + g_type_check_instance_is_a (ancestor)"),
        BENCH("W4", w4_cast_miss, 0, "g_type_from_name + g_type_check_instance_is_a (sibling)"),
        BENCH("W5", w5_cast_iface, 0, "g_type_from_name + g_type_check_instance_is_a (interface)"),
        BENCH("W6", w6_set_int, 0,
              "find pspec + g_ascii_string_to_unsigned + g_object_set_property"),
        BENCH("W7", w7_get_int, 0, "g_object_get(obj, name, &v)"),
        BENCH("W9", w9_device_string, 0,
              "tokenise + g_type_from_name + g_object_new + 3 x set-from-string + unref"),
        BENCH("W3h", w3h_cast_hit, 1, "g_type_check_instance_is_a, pre-resolved GType (ancestor)"),
        BENCH("W4h", w4h_cast_miss, 1, "g_type_check_instance_is_a, pre-resolved GType (sibling)"),
        BENCH("W5h", w5h_cast_iface, 1,
              "g_type_check_instance_is_a, pre-resolved GType (interface)"),
        BENCH("W3c", w3c_checked_cast, 1,
              "G_TYPE_CHECK_INSTANCE_CAST to ancestor, pre-resolved GType"),
    };
#undef BENCH
    const int nb = (int)G_N_ELEMENTS(benches);
    double *w8_runs, w8_sorted_median;
    char cpu[128], os[128];
    int nsupp = 0, k;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            opt_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--batch-ms") && i + 1 < argc)
            opt_batch_ms = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--w8-runs") && i + 1 < argc)
            opt_w8_runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            opt_only = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--reps N] [--batch-ms MS] [--w8-runs N] [--only ID]\n",
                    argv[0]);
            return 1;
        }
    }
    if (opt_reps < 3 || opt_batch_ms < 1 || opt_w8_runs < 1) {
        fprintf(stderr, "need --reps >= 3, --batch-ms >= 1, --w8-runs >= 1\n");
        return 1;
    }

    register_universe();

    if (opt_only) { /* profiling mode: one operation, no JSON */
        self_check();
        if (!strcmp(opt_only, "W8")) {
            fprintf(stderr, "W8 %.1f us\n", w8_once());
            return 0;
        }
        setup_inputs();
        for (int i = 0; i < nb; i++) {
            if (!strcmp(benches[i].id, opt_only)) {
                run_benches(&benches[i], 1);
                fprintf(stderr, "%s %.2f ns/op\n", benches[i].id, benches[i].median);
                return 0;
            }
        }
        fprintf(stderr, "no operation '%s'\n", opt_only);
        return 1;
    }

    /* W8 first: its runs fork from a process that has done only the setup. */
    w8_runs = g_new(double, opt_w8_runs);
    run_w8(w8_runs, opt_w8_runs);

    self_check();
    setup_inputs();

    run_benches(benches, nb);
    for (int i = 0; i < nb; i++) {
        fprintf(stderr, "%-4s %10.2f ns/op  [min %.2f, max %.2f]  %s\n", benches[i].id,
                benches[i].median, benches[i].min, benches[i].max, benches[i].desc);
        nsupp += benches[i].supplementary;
    }

    {
        double *sorted = g_memdup2(w8_runs, sizeof(double) * opt_w8_runs);
        qsort(sorted, opt_w8_runs, sizeof(double), cmp_double);
        w8_sorted_median = quantile(sorted, opt_w8_runs, 0.5);
        fprintf(stderr, "W8   %10.1f us total [min %.1f, max %.1f]  register %d types + "
                        "g_type_class_ref(g_type_from_name) each, %d forked runs\n",
                w8_sorted_median, sorted[0], sorted[opt_w8_runs - 1], N_DYN, opt_w8_runs);

        read_cpu_model(cpu, sizeof(cpu));
        read_os(os, sizeof(os));
        printf("{\n");
        printf("  \"anchor\": \"gobject\",\n");
        printf("  \"workload\": \"qom-anchor-v1\",\n");
        printf("  \"system\": \"GLib/GObject %u.%u.%u, gcc %s -O2\",\n", glib_major_version,
               glib_minor_version, glib_micro_version, __VERSION__);
        printf("  \"machine\": \"%s, %ld cores online, %s\",\n", cpu,
               sysconf(_SC_NPROCESSORS_ONLN), os);
        printf("  \"results\": {\n");
        for (int i = 0; i < nb; i++)
            if (!benches[i].supplementary)
                print_stats_json(&benches[i], 0);
        printf("    \"W8\": { \"median_us\": %.1f, \"min_us\": %.1f, \"max_us\": %.1f, "
               "\"runs_us\": [",
               w8_sorted_median, sorted[0], sorted[opt_w8_runs - 1]);
        for (int r = 0; r < opt_w8_runs; r++)
            printf("%s%.1f", r ? ", " : "", w8_runs[r]);
        printf("], \"what\": \"fork()ed run: %d x g_type_register_static + "
               "g_type_class_ref(g_type_from_name)\" }\n",
               N_DYN);
        printf("  },\n  \"supplementary\": {\n");
        k = 0;
        for (int i = 0; i < nb; i++)
            if (benches[i].supplementary)
                print_stats_json(&benches[i], ++k == nsupp);
        printf("  }\n}\n");
        g_free(sorted);
    }

    g_object_unref(the_obj);
    g_free(w8_runs);
    return 0;
}

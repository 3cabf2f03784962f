/* test_dynlib.c — a library opened when first used: its functions found and
 * called, and a missing library or function a clear error, every time. */
#include "lib/dynlib.h"
#include <criterion/criterion.h>
#include <string.h>
#include <zlib.h>

/* zlib: linked already, so opening it again is cheap and always works */
#define Z_FUNCTIONS(X) X(zlibVersion) X(crc32)
Z_FUNCTIONS(DYNLIB_POINTER)
static struct dynlib libz = DYNLIB("libz.so.1", Z_FUNCTIONS);

static struct dynlib gone = {"libdialturn-no-such-library.so.9",
                             (const char *const[]){"zlibVersion", NULL},
                             (void **const[]){(void **)&dl_zlibVersion, NULL},
                             false,
                             false,
                             ""};

static void *no_such_fn;
static struct dynlib half = {"libz.so.1",
                             (const char *const[]){"crc32", "no_such_function", NULL},
                             (void **const[]){(void **)&dl_crc32, &no_such_fn, NULL},
                             false,
                             false,
                             ""};

Test(dynlib, opens_a_library_and_calls_through_its_pointers)
{
    char err[256] = "";
    cr_assert_eq(dynlib_open(&libz, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq((*dl_zlibVersion)(), zlibVersion());
    cr_assert_eq((*dl_crc32)(0, (const unsigned char *)"dialturn", 8),
                 crc32(0, (const unsigned char *)"dialturn", 8));
    cr_assert_eq(dynlib_open(&libz, err, sizeof err), 0, "the second open is the first's");
}

Test(dynlib, a_missing_library_is_an_error_naming_it_every_time)
{
    char err[256] = "";
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(dynlib_open(&gone, err, sizeof err), -1);
        cr_assert(strstr(err, "libdialturn-no-such-library.so.9"), "%s", err);
    }
}

Test(dynlib, a_missing_function_is_an_error_naming_it)
{
    char err[256] = "";
    cr_assert_eq(dynlib_open(&half, err, sizeof err), -1);
    cr_assert(strstr(err, "no_such_function"), "%s", err);
}

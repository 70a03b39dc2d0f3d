/* Test-only stand-in for Windows' icuuc.dll, which Wine 8 lacks and Qt6Core.dll imports.
 * Built by smoke-windows.sh with mingw into the throw-away Wine prefix only; never shipped (real
 * Windows 10/11 has icuuc.dll in System32). Every converter call fails cleanly, so Qt falls back to
 * its built-in UTF-8/UTF-16/Latin-1 codecs, which is all counter_app uses. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef uint16_t UChar;
typedef void UConverter;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR; }

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err); return NULL; }
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 4; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *err) { (void)c; fail(err); return ""; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, void **a, const void **b) { (void)c; *a = NULL; *b = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, void **a, const void **b) { (void)c; *a = NULL; *b = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *err) {
  (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(err); }
EXPORT void ucnv_setFromUCallBack(UConverter *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *err) {
  (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(err); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const UChar *s, int32_t l, int32_t o, UErrorCode *err) {
  (void)a; (void)s; (void)l; (void)o; fail(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const UChar **s, const UChar *e, int32_t o, UErrorCode *err) {
  (void)a; (void)s; (void)e; (void)o; fail(err); }
EXPORT void ucnv_toUnicode(UConverter *c, UChar **t, const UChar *tl, const char **s, const char *sl,
                           int32_t *o, int8_t f, UErrorCode *err) {
  (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err); }
EXPORT void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const UChar **s, const UChar *sl,
                             int32_t *o, int8_t f, UErrorCode *err) {
  (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err); }
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *err) { (void)c; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *err) { (void)c; fail(err); return 0; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err) { (void)n; (void)s; fail(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t i) { (void)i; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const UChar *u, int32_t l, int32_t cp, int r, UErrorCode *err) {
  (void)c; (void)a; (void)u; (void)l; (void)cp; (void)r; fail(err); }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l, int r, UErrorCode *err) {
  (void)c; (void)a; (void)b; (void)l; (void)r; fail(err); }

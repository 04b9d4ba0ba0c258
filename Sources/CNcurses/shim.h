#ifndef VGGSCOPE_CNCURSES_SHIM_H
#define VGGSCOPE_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift cannot import function-like macros or computed macro constants; these wrappers expose
// exactly the ones the terminal backend needs.

static inline int vgg_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int vgg_lines(void) { return LINES; }
static inline int vgg_cols(void) { return COLS; }
static inline int vgg_colors(void) { return COLORS; }
static inline int vgg_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int vgg_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline WINDOW *vgg_stdscr(void) { return stdscr; }

static inline unsigned int vgg_a_normal(void) { return (unsigned int)A_NORMAL; }
static inline unsigned int vgg_a_bold(void) { return (unsigned int)A_BOLD; }
static inline unsigned int vgg_a_reverse(void) { return (unsigned int)A_REVERSE; }
static inline unsigned int vgg_a_underline(void) { return (unsigned int)A_UNDERLINE; }
static inline unsigned int vgg_a_dim(void) { return (unsigned int)A_DIM; }

static inline mmask_t vgg_wheel_up_mask(void) { return BUTTON4_PRESSED; }
static inline mmask_t vgg_wheel_down_mask(void) { return BUTTON5_PRESSED; }

/// newterm on stdout/stdin: unlike initscr it returns NULL for an unusable TERM instead of exiting.
static inline SCREEN *vgg_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/// Reads one key as a wide character; returns the `get_wch` status (OK, KEY_CODE_YES or ERR).
static inline int vgg_get_wch(wint_t *out) { return get_wch(out); }

/// Draws `n` wide characters at (y, x) with the given attributes and color pair.
static inline int vgg_put_wstr(int y, int x, const wchar_t *s, int n, unsigned int attrs, short pair) {
    attr_set((attr_t)attrs, pair, NULL);
    return mvaddnwstr(y, x, s, n);
}

/// Fetches a pending mouse event; returns 1 for wheel up, -1 for wheel down, 0 otherwise.
static inline int vgg_mouse_wheel(void) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    if (ev.bstate & BUTTON4_PRESSED) return 1;
    if (ev.bstate & BUTTON5_PRESSED) return -1;
    return 0;
}
#endif

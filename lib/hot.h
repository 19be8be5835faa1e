/* hot.h: where the few small variables every request touches are kept.
 *
 * The linker lays out .bss file by file, so a request's handful of small
 * static variables (fs, log, mime) land between other modules' big
 * buffers, each on a page of its own: a page fault each in every process
 * (about 1.5 us on a slow CPU). HOT puts such a variable in .data, whose
 * one or two pages every process touches anyway (the kernel clears the
 * tail of the last one). For small variables only: each costs its size
 * in the file. */
#ifndef CGIHANDLER_HOT_H
#define CGIHANDLER_HOT_H

#define HOT __attribute__((section(".data.hot")))

/* A zero-initialised variable every request touches: in the static build
 * (lib/hot.ld) on the page where the data segment ends, before all other
 * .bss; elsewhere plain .bss. Costs no file size. */
#define HOT_BSS __attribute__((section(".bss.hot")))

#endif

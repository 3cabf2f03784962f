/* heap.h — the process heap, prepared once at start-up. */
#ifndef DIALTURN_HEAP_H
#define DIALTURN_HEAP_H

/* Grows the heap in large steps backed by transparent huge pages, so that a
 * command touching tens of megabytes takes a few hundred page faults instead
 * of thousands.  Call first thing in main(), before any thread starts.  Does
 * nothing harmful where huge pages are unavailable: the advice is ignored. */
void heap_prepare(void);

#endif

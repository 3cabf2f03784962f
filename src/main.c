/* main.c — the dialturn binary: everything happens in the command table. */
#include "cli/cli.h"
#include "lib/heap.h"

int main(int argc, char **argv)
{
    heap_prepare();
    return cli_main(argc, argv);
}

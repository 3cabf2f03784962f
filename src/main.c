/* main.c — the dialturn binary: everything happens in the command table. */
#include "cli/cli.h"
#include "lib/heap.h"
#include "model/db.h"

int main(int argc, char **argv)
{
    heap_prepare();
    db_library_init();
    return cli_main(argc, argv);
}

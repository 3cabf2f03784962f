/* main.c — the dialturn binary: everything happens in the command table. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}

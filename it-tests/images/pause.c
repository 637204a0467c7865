/*
 * The pod sandbox's "pause" process for the test node: it holds the pod's namespaces, reaps
 * orphaned children (it is PID 1 when the pod shares its PID namespace) and exits on
 * SIGINT/SIGTERM. Written for the project's own pause image (nothing can be pulled here);
 * built with `cc -static` by it-tests/images/build-images.sh.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int signal) {
    (void) signal;
    _exit(0);
}

static void reap(int signal) {
    (void) signal;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
}

int main(int argc, char **argv) {
    (void) argv;
    if (argc > 1) {
        fprintf(stderr, "pause takes no arguments\n");
        return 1;
    }
    struct sigaction on_stop = {.sa_handler = stop};
    struct sigaction on_child = {.sa_handler = reap, .sa_flags = SA_NOCLDSTOP};
    if (sigaction(SIGINT, &on_stop, NULL) < 0 || sigaction(SIGTERM, &on_stop, NULL) < 0
            || sigaction(SIGCHLD, &on_child, NULL) < 0) {
        perror("sigaction");
        return 2;
    }
    for (;;) {
        pause();
    }
}

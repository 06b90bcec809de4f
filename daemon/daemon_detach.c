/* daemon_detach.c: -d: fork, report start-up to the parent, pid file. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include "daemon.h"

/*
 * -d: fork before any thread exists; the parent waits until the child
 * has bound its sockets and written the pid file (or failed), and exits
 * with that result, so `consortd -d` fails loudly like a foreground
 * start would.
 */
static int ready_fd = -1;   /* child's end of the start-up pipe */

int daemon_detach(void)
{
	int fds[2];
	char status = 1;
	pid_t pid;

	if (pipe(fds)) {
		perror("consortd: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("consortd: fork");
		return 1;
	}
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &status, 1) != 1)
			status = 1;
		_exit(status);
	}
	close(fds[0]);
	ready_fd = fds[1];
	setsid();   /* keeps the working directory: paths may be relative */
	return 0;
}

void daemon_ready(int err)
{
	char status = err ? 1 : 0;

	if (ready_fd < 0)
		return;
	(void)!write(ready_fd, &status, 1);
	close(ready_fd);
	ready_fd = -1;
}

int daemon_pid_file(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return errno;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	return 0;
}

#include "sigpipe.h"

#include <signal.h>
#include <stdbool.h>

#include "hot.h"

static bool ignored HOT;

void sigpipe_ignore(void)
{
	if (!ignored)
		signal(SIGPIPE, SIG_IGN);
	ignored = true;
}

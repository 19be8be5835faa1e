/* Linked into the SAN=1 binary only. A sanitizer report goes to stderr by
 * default, and under inetd fd 2 is the client's connection: these defaults
 * send every report to a file in SAN_LOG_DIR instead (make check SAN=1
 * creates it, writable by the user we serve as), and tests fail on any file
 * found there. ASAN_OPTIONS in the environment still overrides them. */
#ifndef SAN_LOG_DIR
#define SAN_LOG_DIR "/tmp/cgihandler-san"
#endif

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	/* Leak checking would run at exit as nobody, where it cannot ptrace
	 * itself; a one-request process returns everything at exit anyway. */
	return "log_path=" SAN_LOG_DIR "/asan:detect_leaks=0:abort_on_error=1";
}

const char *__ubsan_default_options(void)
{
	return "log_path=" SAN_LOG_DIR "/ubsan:print_stacktrace=1:halt_on_error=1";
}

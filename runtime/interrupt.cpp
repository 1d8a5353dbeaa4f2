#include "runtime/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace aa::runtime {
namespace {

volatile sig_atomic_t g_signal = 0;
volatile sig_atomic_t g_count = 0;
volatile sig_atomic_t g_child = 0;
volatile sig_atomic_t g_defer = 0;
int g_shields = 0;

void on_signal(int sig) {
    if (++g_count == 1) {
        g_signal = sig;
        // Outside a transaction, with no command running, there is nothing to stop cleanly: die now.
        if (g_defer || g_child > 0) return;
        ::signal(sig, SIG_DFL);
        ::raise(sig);
        return;
    }
    static const char msg[] =
        "\naa: a second signal: stopping at once. What ran is in the journal; `aa recover JOURNAL` undoes or finishes it\n";
    ssize_t ignored = ::write(2, msg, sizeof msg - 1);
    (void)ignored;
    if (g_child > 0) ::kill(-static_cast<pid_t>(g_child), SIGKILL);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

}  // namespace

std::string signal_name(int sig) {
    switch (sig) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        case SIGHUP: return "SIGHUP";
        default: return "signal " + std::to_string(sig);
    }
}

std::string Interrupted::what() const { return "interrupted by " + signal_name(signal); }

void install_interrupt_handlers() {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking poll() returns EINTR and sees the signal
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

void defer_interrupts() { g_defer = 1; }

int interrupt_signal() { return g_signal; }
bool interrupt_stops_commands() { return g_signal != 0 && g_shields == 0; }

void throw_if_interrupted() {
    if (interrupt_stops_commands()) throw Interrupted{g_signal};
}

InterruptShield::InterruptShield() { ++g_shields; }
InterruptShield::~InterruptShield() { --g_shields; }

void set_running_child(pid_t pgid) { g_child = pgid; }

void exit_with_signal(int sig) {
    ::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(sig);
    std::_Exit(128 + sig);
}

}  // namespace aa::runtime

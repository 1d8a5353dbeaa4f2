// SIGINT, SIGTERM and SIGHUP while aa works (docs/transaction.md, "Signals").
//
// The first signal is remembered, and the command running at that moment is stopped (its whole
// process group killed) unless an InterruptShield is up; run() then throws Interrupted. A
// transaction catches it, undoes what ran (shielded: the undo commands run to their end) and the
// CLI exits with the signal's status. Any other command unwinds to main (temporary directories
// removed on the way) and exits the same way. A second signal is reported and obeyed at once: the
// running child's group is killed and aa dies by that signal; the journal tells `aa recover`.
#pragma once
#include <string>
#include <sys/types.h>

namespace aa::runtime {

// Thrown by run() once a signal arrived. Deliberately not a std::exception: a `catch (const
// std::exception&)` that turns errors into messages must not swallow an interrupt.
struct Interrupted {
    int signal = 0;
    std::string what() const;  // "interrupted by SIGTERM"
};

// From main, for every command: a signal while a command runs kills its group and unwinds (temporary
// directories go), a signal while aa only computes ends it at once.
void install_interrupt_handlers();
// From a transaction on: every signal is remembered and handled by the transaction (undo, journal).
void defer_interrupts();
int interrupt_signal();  // the first signal received, 0 when none
std::string signal_name(int sig);
// Throws Interrupted when a signal arrived and no shield is up.
void throw_if_interrupted();
bool interrupt_stops_commands();  // a signal arrived and no shield is up

// While one lives, commands run to their end despite a signal (the commit, the rollback).
class InterruptShield {
public:
    InterruptShield();
    ~InterruptShield();
    InterruptShield(const InterruptShield&) = delete;
    InterruptShield& operator=(const InterruptShield&) = delete;
};

// The process group of the command running now (0: none), killed on a second signal.
void set_running_child(pid_t pgid);

// Restores the default action and re-raises: the exit status says which signal ended aa.
[[noreturn]] void exit_with_signal(int sig);

}  // namespace aa::runtime

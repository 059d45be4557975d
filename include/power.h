/* Turning the machine off (ACPI S5) and rebooting it. */
#ifndef WICKET_POWER_H
#define WICKET_POWER_H
void acpi_init(void);
_Noreturn void power_off(void);
_Noreturn void machine_restart(void);
#endif

/* struct utsname as uname(2) fills it: six NUL-terminated fields of 65 bytes each. */
#ifndef WICKET_UAPI_UTSNAME_H
#define WICKET_UAPI_UTSNAME_H

/* Linux's field length; the extra byte holds the terminating NUL. */
#define UTSNAME_FIELD_LEN 65

struct utsname {
    char sysname[UTSNAME_FIELD_LEN];
    char nodename[UTSNAME_FIELD_LEN];
    char release[UTSNAME_FIELD_LEN];
    char version[UTSNAME_FIELD_LEN];
    char machine[UTSNAME_FIELD_LEN];
    char domainname[UTSNAME_FIELD_LEN];
};

#endif

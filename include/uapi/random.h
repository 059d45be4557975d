/* getrandom(2) flags. */
#ifndef WICKET_UAPI_RANDOM_H
#define WICKET_UAPI_RANDOM_H

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM   0x0002
#define GRND_INSECURE 0x0004

#endif

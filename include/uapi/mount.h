/* mount(2) and umount2(2) flags, as Linux numbers them. */
#ifndef WICKET_UAPI_MOUNT_H
#define WICKET_UAPI_MOUNT_H

#define MS_RDONLY       0x1
#define MS_NOSUID       0x2
#define MS_NODEV        0x4
#define MS_NOEXEC       0x8
#define MS_SYNCHRONOUS  0x10
#define MS_REMOUNT      0x20
#define MS_MANDLOCK     0x40
#define MS_DIRSYNC      0x80
#define MS_NOSYMFOLLOW  0x100
#define MS_NOATIME      0x400
#define MS_NODIRATIME   0x800
#define MS_BIND         0x1000
#define MS_MOVE         0x2000
#define MS_REC          0x4000
#define MS_SILENT       0x8000
#define MS_UNBINDABLE   (1 << 17)
#define MS_PRIVATE      (1 << 18)
#define MS_SLAVE        (1 << 19)
#define MS_SHARED       (1 << 20)
#define MS_RELATIME     (1 << 21)
#define MS_STRICTATIME  (1 << 24)
#define MS_LAZYTIME     (1 << 25)
/* The old magic number some callers still put in the top 16 bits of the flags. */
#define MS_MGC_MSK      0xffff0000u
#define MS_MGC_VAL      0xc0ed0000u

#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8

#endif

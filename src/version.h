/* The release version, printed by `honglian version` and /healthz. */
#ifndef HL_VERSION_H
#define HL_VERSION_H

#define HL_VERSION "0.1.0"

#endif /* HL_VERSION_H */

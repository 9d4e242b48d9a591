# Record-making for corpus/audit-k6.18.pcapng (see corpus/README.md): as an auditing program would,
# read the audit status (AUDIT_GET), turn auditing on (AUDIT_SET enabled=1),
# send user-space messages (AUDIT_USER_AVC 1107, AUDIT_USER 1005,
# AUDIT_USER_LOGIN 1112, AUDIT_USER_CMD 1123), and put the status back.
import socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)
s.bind((0, 0))
s.settimeout(1)
seq = 0
def send(ty, payload, flags=0x5):
    global seq
    seq += 1
    s.send(struct.pack("=IHHII", 16 + len(payload), ty, flags, seq, 0) + payload)
    out = []
    while True:
        try:
            r = s.recv(65536)
        except socket.timeout:
            return out
        out.append(r)
        if struct.unpack("=H", r[4:6])[0] == 2:
            return out
get = send(1000, b"", 0x1)
status = get[0][16:16 + 44]
enabled = struct.unpack("=I", status[4:8])[0]
print("enabled was", enabled)
def set_enabled(v):
    st = struct.pack("=IIIIIIIIIII", 1, v, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    print("set", v, [struct.unpack("=i", r[16:20]) for r in send(1001, st)])
set_enabled(1)
for ty, text in [
    (1107, b"avc:  denied  { read } for  pid=1 comm=\"nlscope-test\" tclass=file permissive=1\0"),
    (1005, b"op=nlscope-test acct=\"root\" exe=\"/usr/bin/python3\" res=success\0"),
    (1112, b"op=login id=0 exe=\"/usr/sbin/sshd\" hostname=? addr=192.0.2.1 terminal=ssh res=failed\0"),
    (1123, b"cwd=\"/root\" cmd=7472756500 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success\0"),
]:
    print(ty, [struct.unpack("=i", r[16:20]) for r in send(ty, text)])
set_enabled(enabled)

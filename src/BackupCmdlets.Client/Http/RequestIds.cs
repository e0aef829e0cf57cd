using System;
using System.Security.Cryptography;
using System.Threading;

namespace BackupCmdlets.Client.Http
{
    /// <summary>
    /// Client request ids: version-4 GUIDs made from 122 random bits drawn once per process, with a counter folded
    /// into the first 48 bits, so every id of a process is distinct and ids of two processes are as unlikely to meet
    /// as random GUIDs. <see cref="Guid.NewGuid"/> asks the operating system for random bytes on every call, which
    /// cost more than the rest of the request's headers together; a correlation id needs uniqueness, not secrecy.
    /// </summary>
    internal static class RequestIds
    {
        static readonly int seedA;
        static readonly short seedB, seedC;
        static readonly byte[] seedTail = new byte[8];
        static long counter;

        static RequestIds()
        {
            var bytes = new byte[16];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            seedA = BitConverter.ToInt32(bytes, 0);
            seedB = BitConverter.ToInt16(bytes, 4);
            // Version 4 in the top nibble of the third group, the RFC 4122 variant in the top bits of the fourth.
            seedC = (short)((BitConverter.ToInt16(bytes, 6) & 0x0FFF) | 0x4000);
            Array.Copy(bytes, 8, seedTail, 0, 8);
            seedTail[0] = (byte)((seedTail[0] & 0x3F) | 0x80);
        }

        public static string Next()
        {
            var n = Interlocked.Increment(ref counter);
            var t = seedTail;
            return new Guid(seedA ^ (int)n, (short)(seedB ^ (short)(n >> 32)), seedC, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]).ToString();
        }
    }
}

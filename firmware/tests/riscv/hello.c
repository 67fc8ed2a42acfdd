/* Prints through semihosting (picolibc) and exits with a status the test checks. */
#include <stdio.h>
#include <stdlib.h>

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  printf("hello from femtosim on the FE310\n");
  unsigned f = fib(15);
  printf("fib(15) = %u\n", f);
  return f == 610 ? 0 : 1;
}

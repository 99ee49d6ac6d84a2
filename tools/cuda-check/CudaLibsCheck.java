/**
 * Loads ND4J's CUDA backend natives (libnd4jcuda and its JNI glue, CUDA 11.6 runtime, cuBLAS, cuDNN) through
 * JavaCPP and asks them how many devices there are. Run by tools/cuda-check/check.sh; on a GPU node it prints the
 * device count, on a machine with the stub driver it prints 0. Source-file program: {@code java -cp ... CudaLibsCheck.java}.
 */
public class CudaLibsCheck {
    public static void main(String[] args) throws Exception {
        Class<?> ops = Class.forName("org.nd4j.linalg.jcublas.bindings.Nd4jCuda");
        System.out.println("loaded " + org.bytedeco.javacpp.Loader.load(ops));
        Object nativeOps = ops.getConstructor().newInstance();
        System.out.println("CUDA devices: " + ops.getMethod("getAvailableDevices").invoke(nativeOps));
    }
}
